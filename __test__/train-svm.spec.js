// The SVM example trains on the committed digits fixtures and reaches scikit-learn's
// LinearSVC(multi_class='crammer_singer') test accuracy on the same split, within 2 points.
const test = require('ava')
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const EXAMPLE = path.join(__dirname, '..', 'examples', 'train-svm.js')
const SKLEARN = path.join(__dirname, '..', 'examples', 'fixtures', 'digits', 'sklearn.json')

test('examples/train-svm.js is within 2 points of LinearSVC on the digits test split', (t) => {
  const output = execFileSync(process.execPath, [EXAMPLE], { encoding: 'utf8', timeout: 60_000 })
  const printed = /^test accuracy: (\d+\.\d+) %/m.exec(output)
  t.truthy(printed, output)
  const ours = Number(printed[1])
  const theirs = 100 * JSON.parse(fs.readFileSync(SKLEARN, 'utf8')).accuracy
  t.true(Math.abs(ours - theirs) <= 2, `train-svm.js ${ours} % vs LinearSVC ${theirs.toFixed(2)} %\n${output}`)
})
