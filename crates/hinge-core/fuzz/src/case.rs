//! A whole job drawn from the fuzzer's bytes: shape, element types, values,
//! labels mode, weights and their map, output slice, and now and then
//! something wrong with the lengths, which `run` must refuse.

use arbitrary::{Result, Unstructured};
use hinge_core::{DType, Group, Labels, Loss, WeightMap};

use crate::data::Data;

/// Values where floats misbehave: NaN, infinities, -0, subnormals of both
/// dtypes, `f32`'s edge, `f64`'s extremes.
const SPECIALS: [f64; 17] = [
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    -0.0,
    0.0,
    1.0,
    -1.0,
    0.5,
    1e-45,
    -5e-324,
    1e-40,
    3e38,
    -3e38,
    f32::MAX as f64,
    1e200,
    -1e200,
    f64::MAX,
];

/// Past this many elements the engine splits the work over the pool.
const PARALLEL_ELEMS: usize = 1 << 16;

#[derive(Debug)]
pub enum Layout {
    /// Weights of a shape that broadcasts to the per-sample losses; the map
    /// must be accepted, and `index` is each row's weight computed from the
    /// shapes, independently of the map.
    Broadcast { index: Vec<usize> },
    /// Any groups: `run` may refuse them, but must never read out of bounds.
    Arbitrary,
}

#[derive(Debug)]
pub struct WeightCase {
    pub data: Data,
    pub map: WeightMap,
    pub layout: Layout,
}

#[derive(Debug)]
pub enum OutCase {
    None,
    /// `rows` values of this dtype (a wrong dtype or length must be refused).
    Slice {
        dtype: DType,
        len: usize,
    },
}

#[derive(Debug)]
pub struct Case {
    pub loss: Loss,
    pub dtype: DType,
    pub labels: Labels,
    pub rows: usize,
    pub cols: usize,
    pub y_true: Data,
    pub y_pred: Data,
    pub weights: Option<WeightCase>,
    pub out: OutCase,
}

fn value(u: &mut Unstructured<'_>) -> Result<f64> {
    Ok(match u.int_in_range(0..=99_u8)? {
        0..=49 => f64::from(u.arbitrary::<i8>()?) / 4.0,
        50..=79 => *u.choose(&SPECIALS)?,
        80..=89 => f64::from(f32::from_bits(u.arbitrary()?)),
        _ => f64::from_bits(u.arbitrary()?),
    })
}

fn label(u: &mut Unstructured<'_>, mode: u8) -> Result<f64> {
    Ok(match mode % 4 {
        0 => *u.choose(&[0.0, 1.0, 1.0, -0.0])?,
        1 => *u.choose(&[-1.0, 1.0])?,
        2 => *u.choose(&[0.0, 1.0, 2.0])?,
        _ => value(u)?,
    })
}

/// A length that is right, or now and then off by one.
fn length(u: &mut Unstructured<'_>, right: usize) -> Result<usize> {
    Ok(match u.int_in_range(0..=63_u8)? {
        0 => right + 1,
        1 => right.saturating_sub(1),
        _ => right,
    })
}

/// Per-sample loss dims (rank 1 to 3, zero-size dims included) and columns;
/// long rows cross the conversion chunk, and tiled batches reach the pool.
fn shape(u: &mut Unstructured<'_>) -> Result<(Vec<usize>, usize)> {
    let rank = u.int_in_range(1..=3)?;
    let mut dims = (0..rank)
        .map(|_| u.int_in_range(0..=6))
        .collect::<Result<Vec<usize>>>()?;
    let cols = if u.ratio(1, 16)? {
        u.int_in_range(250..=600)?
    } else {
        u.int_in_range(1..=12)?
    };
    if u.ratio(1, 32)? {
        let rows: usize = dims.iter().product();
        if rows > 0 {
            dims[0] *= PARALLEL_ELEMS.div_ceil(rows * cols) + 1;
        }
    }
    Ok((dims, cols))
}

/// Weights of a shape derived from `dims` (axes kept or set to 1, leading
/// axes dropped), with one group per axis and the row indices from the shapes.
fn broadcast(u: &mut Unstructured<'_>, dims: &[usize]) -> Result<WeightCase> {
    let drop = u.int_in_range(0..=dims.len())?;
    let kept = (0..dims.len())
        .map(|i| Ok(i >= drop && u.arbitrary::<bool>()?))
        .collect::<Result<Vec<bool>>>()?;
    // Weight strides over the loss axes: 0 where the weight broadcasts.
    let mut strides = vec![0; dims.len()];
    let mut size = 1;
    for i in (drop..dims.len()).rev() {
        if kept[i] {
            strides[i] = size;
            size *= dims[i];
        }
    }
    let rows: usize = dims.iter().product();
    let index = (0..rows)
        .map(|mut row| {
            let mut at = 0;
            for i in (0..dims.len()).rev() {
                at += row % dims[i] * strides[i];
                row /= dims[i];
            }
            at
        })
        .collect();
    let mut groups = Vec::new();
    let mut inner = 1;
    for i in (0..dims.len()).rev() {
        if dims[i] > 0 {
            groups.push(Group {
                inner,
                extent: dims[i],
                stride: strides[i],
            });
        }
        inner *= dims[i];
    }
    let len = length(u, size)?;
    let values = (0..len).map(|_| value(u)).collect::<Result<Vec<_>>>()?;
    Ok(WeightCase {
        data: Data::new(u.arbitrary()?, &values),
        map: WeightMap::new(groups),
        layout: Layout::Broadcast { index },
    })
}

fn arbitrary_groups(u: &mut Unstructured<'_>) -> Result<WeightCase> {
    let field = |u: &mut Unstructured<'_>| -> Result<usize> {
        Ok(if u.ratio(1, 16)? {
            usize::MAX - u.int_in_range(0..=2)?
        } else {
            u.int_in_range(0..=8)?
        })
    };
    let groups = (0..u.int_in_range(0..=3)?)
        .map(|_| {
            Ok(Group {
                inner: field(u)?,
                extent: field(u)?,
                stride: field(u)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let len = u.int_in_range(0..=40)?;
    let values = (0..len).map(|_| value(u)).collect::<Result<Vec<_>>>()?;
    Ok(WeightCase {
        data: Data::new(u.arbitrary()?, &values),
        map: WeightMap::new(groups),
        layout: Layout::Arbitrary,
    })
}

impl Case {
    pub fn draw(u: &mut Unstructured<'_>, loss: Loss) -> Result<Self> {
        let dtype = if u.arbitrary()? {
            DType::F64
        } else {
            DType::F32
        };
        let labels = *u.choose(&[Labels::Auto, Labels::Auto, Labels::Convert, Labels::Keep])?;
        let (dims, cols) = shape(u)?;
        let rows: usize = dims.iter().product();
        let elems = rows * cols;
        // A small block of values, repeated: tiled batches stay cheap to draw.
        let block = elems.min(4096);
        let mode = u.arbitrary()?;
        let t = (0..block)
            .map(|_| label(u, mode))
            .collect::<Result<Vec<_>>>()?;
        // Now and then scores of moderate size on a fine grid, as a model
        // gives: whole blocks of them take the kernels' fast paths (the
        // float16 fixed point wants every score below 8 and none 0).
        let moderate = u.ratio(1, 4)?;
        let p = (0..block)
            .map(|_| match moderate {
                true => Ok(f64::from(u.arbitrary::<i16>()?) / 4096.0),
                false => value(u),
            })
            .collect::<Result<Vec<_>>>()?;
        let tile = |v: &[f64], len: usize| -> Vec<f64> {
            (0..len)
                .map(|i| v.get(i % v.len().max(1)).copied().unwrap_or(0.0))
                .collect()
        };
        let y_true = Data::new(u.arbitrary()?, &tile(&t, length(u, elems)?));
        let y_pred = Data::new(u.arbitrary()?, &tile(&p, length(u, elems)?));
        let weights = match u.int_in_range(0..=3_u8)? {
            0 => None,
            1 => Some(arbitrary_groups(u)?),
            _ => Some(broadcast(u, &dims)?),
        };
        let out = if u.arbitrary()? {
            OutCase::None
        } else {
            let wrong = u.ratio(1, 32)?;
            let other = if dtype == DType::F32 {
                DType::F64
            } else {
                DType::F32
            };
            OutCase::Slice {
                dtype: if wrong { other } else { dtype },
                len: length(u, rows)?,
            }
        };
        Ok(Self {
            loss,
            dtype,
            labels,
            rows,
            cols,
            y_true,
            y_pred,
            weights,
            out,
        })
    }
}
