"""The digits fixtures for examples/train-svm.js, and scikit-learn's figure to compare with.

From the repo root: `python3 -m venv /tmp/digits && /tmp/digits/bin/pip install -r scripts/digits/requirements.txt && /tmp/digits/bin/python scripts/digits/export.py`.

The data set is "Optical Recognition of Handwritten Digits", E. Alpaydin and C. Kaynak,
UCI Machine Learning Repository, CC BY 4.0: 1,797 8x8 images of the digits 0-9, pixel
values 0-16. `load_digits` reads the copy bundled in the scikit-learn wheel, so the
script needs no network.

It writes to examples/fixtures/digits/:
- x_train.npy, x_test.npy: float32 [n, 64], pixels scaled to [0, 1] (divided by 16);
- y_train.npy, y_test.npy: int32 [n], the digit (class id 0-9);
- sklearn.json: the test accuracy of LinearSVC(multi_class='crammer_singer'), the
  multiclass linear SVM whose per-sample loss is Keras' categorical hinge, with C chosen
  by 5-fold cross-validation on the training split only.
The split is stratified and seeded (SEED), so every run writes the same bytes. The .npy
files are format 1.0, little-endian, C order, as np.save writes them.
"""

import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_digits
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from sklearn.svm import LinearSVC

SEED = 20260101
TEST_SIZE = 450
C_GRID = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "examples", "fixtures", "digits")


def svm(c):
    # A fixed random_state and enough iterations to converge, so the figure is reproducible.
    return LinearSVC(multi_class="crammer_singer", C=c, random_state=SEED, max_iter=100_000)


def main():
    digits = load_digits()
    x = (digits.data / 16.0).astype("<f4")
    y = digits.target.astype("<i4")
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=TEST_SIZE, stratify=y, random_state=SEED
    )

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    cv = {c: float(cross_val_score(svm(c), x_train, y_train, cv=folds).mean()) for c in C_GRID}
    # The smallest C among the best: the most regularised model of the best fold accuracy.
    best_c = min(C_GRID, key=lambda c: (-cv[c], c))
    model = svm(best_c).fit(x_train, y_train)
    accuracy = float(model.score(x_test, y_test))

    os.makedirs(OUT, exist_ok=True)
    for name, array in [
        ("x_train", x_train),
        ("y_train", y_train),
        ("x_test", x_test),
        ("y_test", y_test),
    ]:
        np.save(os.path.join(OUT, f"{name}.npy"), np.ascontiguousarray(array))
    record = {
        "model": "LinearSVC(multi_class='crammer_singer')",
        "accuracy": accuracy,
        "C": best_c,
        "C_chosen_by": "5-fold stratified cross-validation on the training split",
        "cv_accuracy": {str(c): round(cv[c], 6) for c in C_GRID},
        "random_state": SEED,
        "max_iter": 100_000,
        "train_size": int(len(y_train)),
        "test_size": int(len(y_test)),
        "split_seed": SEED,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "data": "Optical Recognition of Handwritten Digits, E. Alpaydin and C. Kaynak, "
        "UCI Machine Learning Repository, CC BY 4.0",
    }
    with open(os.path.join(OUT, "sklearn.json"), "w") as f:
        json.dump(record, f, indent=2)
        f.write("\n")
    print(f"C={best_c}: LinearSVC crammer_singer test accuracy {accuracy:.4f}")


if __name__ == "__main__":
    main()
