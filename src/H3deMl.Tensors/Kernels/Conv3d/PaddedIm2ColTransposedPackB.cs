using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using H3deMl.Tensors.Kernels.GemmImpl;
using H3deMl.Tensors.Kernels.Isa;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// Packs Bᵀ of the weight-gradient GEMM dW = dY·Colᵀ from a <see cref="PaddedConvSource"/>: GEMM rows p are output
/// positions, columns are im2col rows (c, t). Each panel's im2col rows are copied for the block's positions as whole
/// output-row runs (no bounds checks), then transposed into the panel 8 × 8 at a time. Scratch: slot 3 (the rows) and
/// slot 4 (the runs) of the packing thread; the padded source lives in slot 5 of the thread that built it.
/// </summary>
internal readonly unsafe struct PaddedIm2ColTransposedPackB(PaddedConvSource source) : IPackB
{
    public void Pack(int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        var kcPad = (kc + 7) / 8 * 8;
        var rows = ScratchBuffers.Get(3, (long)nr * kcPad);
        var runs = (int*)ScratchBuffers.Get(4, ConvSegments.Capacity(kc, int.MaxValue));
        var n = source.Runs(p0, kc, int.MaxValue, 0, runs);
        var c = j0 / source.Taps;
        var t = j0 - c * source.Taps;
        for (var r = 0; r < nc; r += nr)
        {
            var valid = Math.Min(nr, nc - r);
            for (var j = 0; j < nr; j++)
            {
                var row = rows + (long)j * kcPad;
                if (j >= valid)
                {
                    new Span<float>(row, kcPad).Clear();
                    continue;
                }
                var src = source.Padded + c * source.PlaneVolume + source.TapOffset[t];
                for (var i = 0; i < n; i++)
                {
                    var r3 = runs + 3 * i;
                    if (r3[2] == 4) Vector128.Store(Vector128.Load(src + r3[0]), row + r3[1]);
                    else ConvSegments.Copy(row + r3[1], src + r3[0], r3[2]);
                }
                for (var q = kc; q < kcPad; q++) row[q] = 0f;
                if (++t == source.Taps)
                {
                    t = 0;
                    c++;
                }
            }
            Transpose(rows, kcPad, kc, nr, dst + (long)r * kc);
        }
    }

    /// <summary>panel[p·nr + j] = rows[j·kcPad + p] for p &lt; kc, j &lt; nr.</summary>
    private static void Transpose(float* rows, int kcPad, int kc, int nr, float* panel)
    {
        var p = 0;
        if (Avx.IsSupported && nr % 8 == 0)
        {
            for (; p + 8 <= kc; p += 8)
                for (var j = 0; j < nr; j += 8)
                    BlockTranspose.Transpose8x8(rows + (long)j * kcPad + p, kcPad, panel + (long)p * nr + j, nr);
        }
        for (; p < kc; p++)
            for (var j = 0; j < nr; j++) panel[(long)p * nr + j] = rows[(long)j * kcPad + p];
    }
}
