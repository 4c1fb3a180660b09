// The size-sweep chart as a standalone SVG: a Vega-Lite spec rendered headless by Vega.
// Vega ships as ES modules only, hence the dynamic imports.

/**
 * `values`: `[{ n, series, gbps }]`; `series`: `[{ label, dashed }]` in legend order,
 * the rooflines dashed so they read as limits rather than contenders.
 */
async function sweepChart(values, series) {
  const vega = await import('vega')
  const vegaLite = await import('vega-lite')
  const labels = series.map((s) => s.label)
  const exponents = [...new Set(values.map((v) => Math.log2(v.n)))]
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'hinge, float32, shape [n/8, 8]: input throughput against size', anchor: 'start' },
    width: 640,
    height: 360,
    background: 'white',
    data: { values },
    mark: { type: 'line', point: true, strokeWidth: 2 },
    encoding: {
      x: {
        field: 'n',
        type: 'quantitative',
        title: 'n, elements per input',
        scale: { type: 'log', base: 2 },
        // Every other power of two labelled: 2^8 … 2^26 is too dense to label each.
        axis: { values: exponents.filter((e) => e % 2 === 0).map((e) => 2 ** e), labelExpr: "'2^' + round(log(datum.value) / LN2)" },
      },
      y: {
        field: 'gbps',
        type: 'quantitative',
        title: 'GB/s (bytes of yTrue + yPred / time)',
        scale: { type: 'log' },
      },
      // Colour and dash share one legend, outside the plot so it never hides a line.
      color: { field: 'series', type: 'nominal', title: null, sort: labels, scale: { domain: labels }, legend: { symbolType: 'stroke', symbolStrokeWidth: 2 } },
      strokeDash: {
        field: 'series',
        type: 'nominal',
        title: null,
        sort: labels,
        scale: { domain: labels, range: series.map((s) => (s.dashed ? [6, 3] : [1, 0])) },
      },
    },
  }
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' })
  return view.toSVG()
}

module.exports = { sweepChart }
