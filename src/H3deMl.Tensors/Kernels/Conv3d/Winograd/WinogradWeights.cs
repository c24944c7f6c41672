using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using H3deMl.Tensors.Kernels.GemmImpl;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// The filter transform of F(2×2×2, 3×3×3): U = G·g·Gᵀ along each axis, G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1], packed
/// as the A operand of the 8×32 micro-kernel in slices of one output panel and a block of reduction channels:
/// slice[e][c − c0][r] for output channel 8p + r (rows past the last channel zero), reduction channel c and
/// transformed element e = (ez·4 + ey)·4 + ex. Filter (o, c) is w[o, c] for the
/// forward correlation; transposed and flipped (input gradient) it is w[c, o] with its taps reversed.
/// </summary>
internal readonly unsafe struct WinogradWeights(float* w, int m, int channels, bool transposedFlipped)
{
    /// <summary>Output channels.</summary>
    internal int M => m;

    /// <summary>Reduction channels.</summary>
    internal int Channels => channels;

    /// <summary>Output channel panels of 8.</summary>
    internal int Panels => (m + 7) / 8;

    /// <summary>Floats between consecutive elements of a slice of <paramref name="kc"/> channels, padded by a cache line against L1 set aliasing.</summary>
    internal static long SliceStride(int kc) => (long)kc * 8 + 16;

    /// <summary>Floats of the whole transform cut into slices of <paramref name="kcBlock"/> channels.</summary>
    internal long SlicesLength(int kcBlock) => (long)Panels * Chunks(kcBlock) * SliceLength(kcBlock);

    /// <summary>
    /// The whole transform into <paramref name="u"/> (<see cref="SlicesLength"/> floats), panels split across threads:
    /// one slice of 64 elements per panel and block of <paramref name="kcBlock"/> channels, so that each slice, used
    /// by 64 consecutive micro-kernel calls, is one contiguous stream.
    /// </summary>
    internal void TransformAll(float* u, int kcBlock) => ParallelRange.For(Panels, 1, new AllOp(this, u, kcBlock));

    /// <summary>The slice of panel <paramref name="p"/> starting at channel <paramref name="k0"/> (a multiple of <paramref name="kcBlock"/>).</summary>
    internal float* Slice(float* u, int p, int k0, int kcBlock) =>
        u + ((long)p * Chunks(kcBlock) + k0 / kcBlock) * SliceLength(kcBlock);

    private int Chunks(int kcBlock) => (channels + kcBlock - 1) / kcBlock;

    private static long SliceLength(int kcBlock) => 64 * SliceStride(kcBlock);

    /// <summary>
    /// Panel <paramref name="p"/>, reduction channels [c0, c0 + count): dst[e·elementStride + (c − c0)·8 + r].
    /// The filters are transposed into lanes 8×8 at a time (vector gathers are slow on some x86 parts).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void TransformPanel(int p, int c0, int count, float* dst, long elementStride)
    {
        var g = stackalloc Vector256<float>[27];
        var gx = stackalloc Vector256<float>[36];
        var gy = stackalloc Vector256<float>[48];
        var gz = stackalloc Vector256<float>[4];
        var half = Vector256.Create(0.5f);
        // Filter (o, c) starts at w + o·laneStride + c·channelStride; tap t sits at +t, or at +26 − t when flipped.
        long laneStride = transposedFlipped ? 27 : 27L * channels;
        long channelStride = transposedFlipped ? 27L * m : 27;
        var valid = Math.Min(8, m - 8 * p);
        var lanes = (float*)g;
        for (var c = c0; c < c0 + count; c++)
        {
            // lanes[s·8 + r] = tap s of filter r, in storage order; a flipped filter reads tap 26 − t as its tap t.
            var filter = w + 8L * p * laneStride + c * channelStride;
            if (valid == 8)
            {
                for (var j = 0; j < 3; j++) BlockTranspose.Transpose8x8(filter + j * 8, (nint)laneStride, lanes + j * 64);
                for (var r = 0; r < 8; r++)
                for (var t = 24; t < 27; t++) lanes[t * 8 + r] = filter[r * laneStride + t];
            }
            else
            {
                for (var r = 0; r < 8; r++)
                for (var t = 0; t < 27; t++) lanes[t * 8 + r] = r < valid ? filter[r * laneStride + t] : 0;
            }
            for (var row = 0; row < 9; row++)
            {
                var (t0, t2) = transposedFlipped ? (26 - row * 3, 24 - row * 3) : (row * 3, row * 3 + 2);
                Expand(g[t0], g[(t0 + t2) / 2], g[t2], half, gx + row * 4, 1);
            }
            for (var kz = 0; kz < 3; kz++)
            for (var ex = 0; ex < 4; ex++)
            {
                var s = gx + kz * 12 + ex;
                Expand(s[0], s[4], s[8], half, gy + kz * 16 + ex, 4);
            }
            var out0 = dst + (long)(c - c0) * 8;
            for (var e = 0; e < 16; e++)
            {
                var s = gy + e;
                Expand(s[0], s[16], s[32], half, gz, 1);
                for (var ez = 0; ez < 4; ez++) gz[ez].Store(out0 + (ez * 16 + e) * elementStride);
            }
        }
    }

    /// <summary>G·(a, b, c) = (a, (a + b + c)/2, (a − b + c)/2, c), written at d[0], d[s], d[2s], d[3s].</summary>
    private static void Expand(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> half,
        Vector256<float>* d, int s)
    {
        var ac = a + c;
        d[0] = a;
        d[s] = (ac + b) * half;
        d[2 * s] = (ac - b) * half;
        d[3 * s] = c;
    }

    private readonly struct AllOp(WinogradWeights weights, float* u, int kcBlock) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            for (var p = start; p < end; p++)
            for (var k0 = 0; k0 < weights.Channels; k0 += kcBlock)
            {
                var kc = Math.Min(kcBlock, weights.Channels - k0);
                weights.TransformPanel(p, k0, kc, weights.Slice(u, p, k0, kcBlock), SliceStride(kc));
            }
        }
    }
}
