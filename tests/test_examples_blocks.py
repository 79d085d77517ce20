"""lib.examples: the block probabilities of chapter 2's block codes and the shared dog-photo predictions."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import lib
from lib.examples import WEATHER, iid_blocks


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_blocks_are_products_in_lexicographic_order(k):
    p = np.array([0.5, 0.3, 0.2])
    expected = [np.prod(p[list(block)]) for block in itertools.product(range(3), repeat=k)]
    np.testing.assert_allclose(iid_blocks(p, k), expected, rtol=1e-15, atol=0)


def test_one_report_is_the_distribution_itself():
    np.testing.assert_array_equal(iid_blocks(WEATHER.p, 1), WEATHER.p)
    assert iid_blocks(WEATHER.p, 1) is not WEATHER.p  # a copy the caller may change


@pytest.mark.parametrize("k", [1, 2, 4, 8])
def test_blocks_sum_to_one_and_their_entropy_is_k_times_h(k):
    p = [0.75, 0.25]
    blocks = iid_blocks(p, k)
    assert blocks.shape == (2**k,)
    assert blocks.sum() == pytest.approx(1.0, abs=1e-14)
    assert lib.entropy(blocks) == pytest.approx(k * lib.entropy(p), rel=1e-13)


@pytest.mark.parametrize("k", [0, -1, 2.0, True, "2"])
def test_bad_block_length_is_refused(k):
    with pytest.raises(ValueError, match="k must"):
        iid_blocks([0.5, 0.5], k)


@pytest.mark.parametrize("p", [[0.5, 0.6], [[0.5, 0.5]], [], [1.5, -0.5], [np.nan, 1.0]])
def test_bad_distribution_is_refused(p):
    with pytest.raises(ValueError, match="p must"):
        iid_blocks(p, 2)


def test_dog_photo_after_more_training_is_more_confident_and_a_distribution():
    """DOG_PHOTO_TRAINED: the same classes, a distribution, more mass on the dog than DOG_PHOTO."""
    from lib.examples import DOG_PHOTO, DOG_PHOTO_TRAINED

    assert DOG_PHOTO_TRAINED.labels == DOG_PHOTO.labels
    assert DOG_PHOTO_TRAINED.p.sum() == pytest.approx(1.0, abs=1e-15)
    assert DOG_PHOTO_TRAINED.p.argmax() == DOG_PHOTO.p.argmax() == 0
    assert DOG_PHOTO_TRAINED.p[0] > DOG_PHOTO.p[0]
    assert not DOG_PHOTO_TRAINED.p.flags.writeable
    # chapter 6's worked losses: -ln q_dog in nats
    assert f"{-np.log(DOG_PHOTO.p[0]):.3f}" == "0.255"
    assert f"{-np.log(DOG_PHOTO_TRAINED.p[0]):.4f}" == "0.0640"


def test_a_prediction_can_be_read_as_q():
    """Example.q is the field p itself (no copy), so DOG_PHOTO.q is the prediction the chapters call q."""
    from lib.examples import DOG_PHOTO, DOG_PHOTO_TRAINED

    assert DOG_PHOTO.q is DOG_PHOTO.p
    assert DOG_PHOTO_TRAINED.q is DOG_PHOTO_TRAINED.p
    assert DOG_PHOTO._fields == ("labels", "p")  # q is an alias, not a third field
