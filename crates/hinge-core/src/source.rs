//! An input held as one array or as several spans of one element type
//! (Apache Arrow's chunks), read as the array they make end to end without
//! ever joining them.
//!
//! The engine reads a source exactly as it reads one [`Input`]: the same
//! blocks, rows and groups, so the same sums in the same order. Only where
//! a range crosses from one span into the next are its pieces copied side
//! by side into the conversion buffer the engine already holds.

use crate::error::JobError;
use crate::float::Float;
use crate::input::Input;
use crate::simd::{LabelFeed, ScoreFeed};

/// One input of a job: an [`Input`], or spans of one element type read in
/// order as one.
#[derive(Debug, Clone)]
pub struct Source<'a>(Repr<'a>);

#[derive(Debug, Clone)]
enum Repr<'a> {
    One(Input<'a>),
    /// At least two spans, none empty; `ends[k]` is the position one past
    /// span `k`'s last element.
    Spans {
        spans: Vec<Input<'a>>,
        ends: Vec<usize>,
    },
}

impl<'a> From<Input<'a>> for Source<'a> {
    fn from(input: Input<'a>) -> Self {
        Self(Repr::One(input))
    }
}

impl<'a> Source<'a> {
    /// `spans` read end to end. They must share one element type (the
    /// first's); empty spans are dropped, and no span at all is an empty
    /// input.
    pub fn spans(spans: Vec<Input<'a>>) -> Result<Self, JobError> {
        let Some(first) = spans.first() else {
            return Ok(Input::F32(&[]).into());
        };
        let kind = std::mem::discriminant(first);
        if let Some(index) = spans.iter().position(|s| std::mem::discriminant(s) != kind) {
            return Err(JobError::MixedSpans { index });
        }
        let empty = *first;
        let spans: Vec<Input<'a>> = spans.into_iter().filter(|s| !s.is_empty()).collect();
        if spans.len() < 2 {
            return Ok(spans.first().copied().unwrap_or(empty).into());
        }
        let ends = spans
            .iter()
            .scan(0, |end, s| {
                *end += s.len();
                Some(*end)
            })
            .collect();
        Ok(Self(Repr::Spans { spans, ends }))
    }

    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::One(input) => input.len(),
            Repr::Spans { ends, .. } => ends.last().copied().unwrap_or(0),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The spans in order: one for a single input.
    pub(crate) fn parts(&self) -> &[Input<'a>] {
        match &self.0 {
            Repr::One(input) => std::slice::from_ref(input),
            Repr::Spans { spans, .. } => spans,
        }
    }

    /// Whether [`view`](Self::view) needs a conversion buffer for `F`:
    /// always for several spans, whose ranges may cross a boundary.
    pub(crate) fn needs_buffer<F: Float>(&self) -> bool {
        match &self.0 {
            Repr::One(input) => input.needs_buffer::<F>(),
            Repr::Spans { .. } => true,
        }
    }

    /// Elements `start .. start + len` in the compute dtype, as
    /// [`Input::view`] gives them: borrowed when the range lies inside one
    /// span of type `F`, otherwise converted (or, across a boundary, copied
    /// piece by piece) into `buf`, at least `len` long.
    #[inline]
    pub(crate) fn view<'b, F: Float>(
        &'b self,
        start: usize,
        len: usize,
        buf: &'b mut [F],
    ) -> &'b [F] {
        let (spans, ends) = match &self.0 {
            Repr::One(input) => return input.view(start, len, buf),
            Repr::Spans { spans, ends } => (spans, ends),
        };
        if len == 0 {
            return &[];
        }
        let k = span_of(ends, start);
        if start + len <= ends[k] {
            return spans[k].view(start - begin(ends, k), len, buf);
        }
        let buf = &mut buf[..len];
        self.fill(start, buf);
        buf
    }

    /// Whether a row kernel reads these labels in place whatever `F`: one
    /// uint8 input (see [`label_feed`](Self::label_feed)).
    pub(crate) fn feeds_labels(&self) -> bool {
        matches!(self.0, Repr::One(Input::U8(_)))
    }

    /// Whether a row kernel reads these scores in place whatever `F`: one
    /// binary16 input (see [`score_feed`](Self::score_feed)).
    pub(crate) fn feeds_scores(&self) -> bool {
        matches!(self.0, Repr::One(Input::F16(_)))
    }

    /// Labels `start .. start + len` for a row kernel: uint8 in place when
    /// [`feeds_labels`](Self::feeds_labels), else as [`view`](Self::view)
    /// gives them.
    #[inline]
    pub(crate) fn label_feed<'b, F: Float>(
        &'b self,
        start: usize,
        len: usize,
        buf: &'b mut [F],
    ) -> LabelFeed<'b, F> {
        match &self.0 {
            Repr::One(Input::U8(s)) => LabelFeed::Bytes(&s[start..start + len]),
            _ => LabelFeed::Same(self.view(start, len, buf)),
        }
    }

    /// Scores `start .. start + len` for a row kernel: binary16 in place
    /// when [`feeds_scores`](Self::feeds_scores), else as
    /// [`view`](Self::view) gives them.
    #[inline]
    pub(crate) fn score_feed<'b, F: Float>(
        &'b self,
        start: usize,
        len: usize,
        buf: &'b mut [F],
    ) -> ScoreFeed<'b, F> {
        match &self.0 {
            Repr::One(Input::F16(s)) => ScoreFeed::Halves(&s[start..start + len]),
            _ => ScoreFeed::Same(self.view(start, len, buf)),
        }
    }

    /// Elements `start .. start + buf.len()` in the compute dtype, copied or
    /// converted into `buf`, piece by piece across span boundaries.
    #[inline]
    pub(crate) fn fill<F: Float>(&self, start: usize, buf: &mut [F]) {
        let (spans, ends) = match &self.0 {
            Repr::One(input) => return fill_from(input, start, buf),
            Repr::Spans { spans, ends } => (spans, ends),
        };
        let len = buf.len();
        let (mut k, mut done) = (span_of(ends, start), 0);
        while done < len {
            let at = start + done;
            let n = (ends[k] - at).min(len - done);
            fill_from(&spans[k], at - begin(ends, k), &mut buf[done..done + n]);
            done += n;
            k += 1;
        }
    }

    /// The pieces of elements `start .. start + len`, in order: each span
    /// holding some of them, the position of the first in it, and how many
    /// it holds.
    pub(crate) fn pieces(
        &self,
        start: usize,
        len: usize,
    ) -> impl Iterator<Item = (&Input<'a>, usize, usize)> + '_ {
        let (spans, ends, mut k) = match &self.0 {
            Repr::One(input) => (std::slice::from_ref(input), None, 0),
            Repr::Spans { spans, ends } => (&spans[..], Some(&ends[..]), span_of(ends, start)),
        };
        let mut done = 0;
        std::iter::from_fn(move || {
            if done == len {
                return None;
            }
            let at = start + done;
            let (first, n) = match ends {
                None => (at, len),
                Some(ends) => (at - begin(ends, k), (ends[k] - at).min(len - done)),
            };
            let piece = (&spans[k], first, n);
            done += n;
            k += 1;
            Some(piece)
        })
    }

    /// Element `i` in the compute dtype.
    #[inline]
    pub(crate) fn get<F: Float>(&self, i: usize) -> F {
        match &self.0 {
            Repr::One(input) => input.get(i),
            Repr::Spans { spans, ends } => {
                let k = span_of(ends, i);
                spans[k].get(i - begin(ends, k))
            }
        }
    }
}

/// Elements `start .. start + dst.len()` of one input, copied or converted.
#[inline]
fn fill_from<F: Float>(input: &Input<'_>, start: usize, dst: &mut [F]) {
    match F::borrow(input) {
        Some(s) => dst.copy_from_slice(&s[start..][..dst.len()]),
        None => {
            // Converting writes into `dst` itself; the view returned is `dst`.
            input.view(start, dst.len(), dst);
        }
    }
}

/// The span holding position `i` (< the total length).
#[inline]
fn span_of(ends: &[usize], i: usize) -> usize {
    ends.partition_point(|&end| end <= i)
}

/// The position of span `k`'s first element.
#[inline]
fn begin(ends: &[usize], k: usize) -> usize {
    if k == 0 {
        0
    } else {
        ends[k - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every range of a source cut at `cuts` reads what the joined array's
    /// does, borrowing exactly when it lies inside one span of type `F`.
    fn every_range(values: &[f32], cuts: &[usize]) {
        let mut pieces = Vec::new();
        let mut from = 0;
        for &cut in cuts.iter().chain([&values.len()]) {
            pieces.push(&values[from..cut]);
            from = cut;
        }
        let source = Source::spans(pieces.iter().map(|p| Input::F32(p)).collect()).unwrap();
        let wide: Vec<Vec<f64>> = pieces
            .iter()
            .map(|p| p.iter().map(|&x| f64::from(x)).collect())
            .collect();
        let widened = Source::spans(wide.iter().map(|p| Input::F64(p)).collect()).unwrap();
        assert_eq!(source.len(), values.len());
        let mut buf = vec![0.0_f32; values.len()];
        let mut wbuf = vec![0.0_f32; values.len()];
        for start in 0..=values.len() {
            assert_eq!(
                source.get::<f32>(start.min(values.len() - 1)),
                values[start.min(values.len() - 1)]
            );
            for len in 0..=values.len() - start {
                let inside = pieces
                    .iter()
                    .scan(0, |end, p| {
                        *end += p.len();
                        Some((*end - p.len(), *end))
                    })
                    .any(|(b, e)| b <= start && start + len <= e && len > 0);
                let view = source.view(start, len, &mut buf);
                assert_eq!(view, &values[start..start + len], "{start}+{len}");
                assert_eq!(
                    len > 0 && view.as_ptr() == values[start..].as_ptr(),
                    inside,
                    "{start}+{len} borrowed"
                );
                assert_eq!(
                    widened.view(start, len, &mut wbuf),
                    &values[start..start + len]
                );
            }
        }
    }

    #[test]
    fn reads_across_every_boundary() {
        let values: Vec<f32> = (0..11).map(|i| i as f32 * 0.5 - 2.0).collect();
        every_range(&values, &[1]);
        every_range(&values, &[4, 5, 9]);
        every_range(&values, &[0, 3, 3, 10, 11]);
        every_range(&values, &(1..11).collect::<Vec<_>>());
    }

    #[test]
    fn several_spans_need_the_buffer() {
        let (a, b) = ([1.0_f32, 2.0], [3.0_f32]);
        let one = Source::from(Input::F32(&a));
        assert!(!one.needs_buffer::<f32>());
        assert!(one.needs_buffer::<f64>());
        let two = Source::spans(vec![Input::F32(&a), Input::F32(&b)]).unwrap();
        assert!(two.needs_buffer::<f32>());
        assert_eq!(two.parts().len(), 2);
        // One non-empty span is that span, read in place.
        let alone = Source::spans(vec![Input::F32(&[]), Input::F32(&a), Input::F32(&[])]).unwrap();
        assert!(!alone.needs_buffer::<f32>());
        assert_eq!(alone.view(0, 2, &mut []).as_ptr(), a.as_ptr());
        assert!(Source::spans(vec![]).unwrap().is_empty());
        assert!(Source::spans(vec![Input::I8(&[])]).unwrap().is_empty());
    }

    #[test]
    fn spans_share_one_element_type() {
        let (a, b) = ([1.0_f32], [1_i8]);
        let mixed = Source::spans(vec![Input::F32(&a), Input::F32(&a), Input::I8(&b)]);
        assert_eq!(mixed.unwrap_err(), JobError::MixedSpans { index: 2 });
    }

    #[test]
    fn pieces_cover_a_range_span_by_span() {
        let (a, b, c) = ([1_u8, 2], [3_u8, 4, 5], [6_u8]);
        let source = Source::spans(vec![Input::U8(&a), Input::U8(&b), Input::U8(&c)]).unwrap();
        let got = |start, len| -> Vec<(usize, usize, usize)> {
            source
                .pieces(start, len)
                .map(|(input, at, n)| (input.len(), at, n))
                .collect()
        };
        assert_eq!(got(0, 6), [(2, 0, 2), (3, 0, 3), (1, 0, 1)]);
        assert_eq!(got(1, 3), [(2, 1, 1), (3, 0, 2)]);
        assert_eq!(got(3, 1), [(3, 1, 1)]);
        assert_eq!(got(5, 1), [(1, 0, 1)]);
        assert!(got(2, 0).is_empty());
        let one = Source::from(Input::U8(&b));
        let pieces: Vec<_> = one.pieces(1, 2).map(|(_, at, n)| (at, n)).collect();
        assert_eq!(pieces, [(1, 2)]);
    }

    #[test]
    fn converts_each_piece() {
        let (a, b) = ([1_i32, -2, 16_777_217], [3_i32, 4]);
        let source = Source::spans(vec![Input::I32(&a), Input::I32(&b)]).unwrap();
        let mut buf = [0.0_f32; 4];
        assert_eq!(source.view(1, 4, &mut buf), &[-2.0, 16_777_216.0, 3.0, 4.0]);
        assert_eq!(source.get::<f64>(2), 16_777_217.0);
        assert_eq!(source.get::<f64>(4), 4.0);
        let halves = [half::f16::from_f32(0.5), half::f16::from_f32(-1.5)];
        let more = [half::f16::from_f32(2.0)];
        let source = Source::spans(vec![Input::F16(&halves), Input::F16(&more)]).unwrap();
        let mut buf = [0.0_f64; 3];
        assert_eq!(source.view(0, 3, &mut buf), &[0.5, -1.5, 2.0]);
    }
}
