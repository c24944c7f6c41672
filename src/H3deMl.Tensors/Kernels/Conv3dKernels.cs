using System.Diagnostics.CodeAnalysis;
using H3deMl.Tensors.Kernels.Convolution;
using H3deMl.Tensors.Kernels.GemmImpl;
using H3deMl.Tensors.Kernels.Isa;

namespace H3deMl.Tensors.Kernels;

/// <summary>3D convolution (cross-correlation, as PyTorch) forward and backward on NCDHW buffers.</summary>
/// <remarks>
/// Dense and grouped convolutions run as implicit GEMMs: the weight matrix (Cout/G × Cin/G·K³) times an im2col matrix
/// packed panel by panel straight from the input, never materialised whole. The input gradient uses the same GEMM on
/// the output gradient with the taps flipped, split by output parity for strides above 1 so that no zero is
/// multiplied. The weight gradient sums dot products over fixed-size position tiles. With AVX-512, ungrouped 3×3×3
/// stride-1 padding-1 convolutions with enough channels run all three passes by Winograd's F(2×2×2, 3×3×3)
/// (<see cref="WinogradConv"/>, <see cref="WinogradWeightGrad"/>): 64 multiply-adds per 2×2×2 tile and channel pair
/// instead of 216. Depthwise stride-1 convolutions use a direct vectorised kernel. Results do not depend on
/// <see cref="ComputeSettings.Threads"/>.
/// </remarks>
internal static unsafe class Conv3dKernels
{
    /// <summary>y = conv(x, w) + bias; <paramref name="bias"/> may be empty. Overwrites y.</summary>
    internal static void Forward(in Conv3dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y)
    {
        Validate(g);
        Require(x.Length, g.InputLength, "x");
        Require(w.Length, g.WeightLength, "w");
        if (!bias.IsEmpty) Require(bias.Length, g.OutChannels, "bias");
        Require(y.Length, g.OutputLength, "y");
        if (g.OutputLength == 0) return;
        var isa = KernelIsa.Current;
        var threads = ComputeSettings.Threads;
        fixed (float* px = x)
        fixed (float* pw = w)
        fixed (float* pb = bias)
        fixed (float* py = y)
        {
            var pbias = bias.IsEmpty ? null : pb;
            if (UseDepthwise(g))
            {
                DepthwiseConv3d.Correlate(isa, g.Batch * g.InChannels, g.InChannels, px, g.D, g.H, g.W, pw, g.KD, g.KH, g.KW,
                    g.PD, g.PH, g.PW, pbias, py, g.OD, g.OH, g.OW);
                return;
            }
            DenseForward(g, isa, threads, px, pw, pbias, py);
        }
    }

    /// <summary>dx = ∂(conv)/∂x applied to dy. Overwrites dx.</summary>
    internal static void BackwardInput(in Conv3dGeometry g, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx)
    {
        Validate(g);
        Require(dy.Length, g.OutputLength, "dy");
        Require(w.Length, g.WeightLength, "w");
        Require(dx.Length, g.InputLength, "dx");
        if (g.InputLength == 0) return;
        var isa = KernelIsa.Current;
        var threads = ComputeSettings.Threads;
        fixed (float* pdy = dy)
        fixed (float* pw = w)
        fixed (float* pdx = dx)
        {
            if (UseDepthwise(g))
            {
                // A full correlation of dy with the flipped filters.
                var taps = g.KernelVolume;
                var flipped = new float[g.OutChannels * taps];
                for (var c = 0; c < g.OutChannels; c++)
                for (var t = 0; t < taps; t++)
                    flipped[c * taps + t] = pw[c * taps + taps - 1 - t];
                fixed (float* pf = flipped)
                    DepthwiseConv3d.Correlate(isa, g.Batch * g.InChannels, g.InChannels, pdy, g.OD, g.OH, g.OW, pf,
                        g.KD, g.KH, g.KW, g.KD - 1 - g.PD, g.KH - 1 - g.PH, g.KW - 1 - g.PW, null, pdx, g.D, g.H, g.W);
                return;
            }
            DenseBackwardInput(g, isa, threads, pdy, pw, pdx);
        }
    }

    /// <summary>dw = ∂(conv)/∂w applied to dy, and dbias = Σ dy per output channel (skipped when empty). Overwrites both.</summary>
    internal static void BackwardWeight(in Conv3dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dw, Span<float> dbias)
    {
        Validate(g);
        Require(x.Length, g.InputLength, "x");
        Require(dy.Length, g.OutputLength, "dy");
        Require(dw.Length, g.WeightLength, "dw");
        if (!dbias.IsEmpty) Require(dbias.Length, g.OutChannels, "dbias");
        var isa = KernelIsa.Current;
        var threads = ComputeSettings.Threads;
        // The Winograd weight gradient writes every filter; the other kernels accumulate into cleared ones.
        var winograd = g.OutputLength > 0 && UseWinogradWeightGrad(g, isa);
        if (!winograd) dw[..g.WeightLength].Clear();
        if (!dbias.IsEmpty) dbias[..g.OutChannels].Clear();
        if (g.OutputLength == 0) return;
        fixed (float* px = x)
        fixed (float* pdy = dy)
        fixed (float* pdw = dw)
        fixed (float* pdb = dbias)
        {
            var pbias = dbias.IsEmpty ? null : pdb;
            if (winograd)
            {
                WinogradWeightGrad.Compute(pdy, px, g.OutChannels, g.InChannels, g.Batch, pdw, g.D, g.H, g.W);
                if (pbias != null) SumBiasGradient(g, pdy, pbias);
                return;
            }
            if (UseDepthwise(g))
            {
                DepthwiseConv3d.WeightGrad(isa, g.Batch, g.InChannels, px, g.D, g.H, g.W, pdy, g.OD, g.OH, g.OW,
                    g.KD, g.KH, g.KW, g.PD, g.PH, g.PW, pdw, pbias);
                return;
            }
            DenseBackwardWeight(g, isa, threads, px, pdy, pdw, pbias);
        }
    }

    private static bool UnitStride(in Conv3dGeometry g) => g.SD == 1 && g.SH == 1 && g.SW == 1;

    /// <summary>Ungrouped 3×3×3, stride 1, padding 1 (output size = input size) with channels enough for Winograd.</summary>
    private static bool UseWinograd(in Conv3dGeometry g, SimdWidth isa, int m, int channels) =>
        g.Groups == 1 && g.KD == 3 && g.KH == 3 && g.KW == 3 && UnitStride(g) && g.PD == 1 && g.PH == 1 && g.PW == 1 &&
        WinogradConv.Supported(isa, m, channels);

    private static bool UseWinogradWeightGrad(in Conv3dGeometry g, SimdWidth isa) =>
        UseWinograd(g, isa, g.OutChannels, g.InChannels) &&
        WinogradWeightGrad.Suits(g.OutChannels, g.InChannels, g.Batch, g.D, g.H, g.W);

    private static bool UseDepthwise(in Conv3dGeometry g) => g.IsDepthwise && g.SD == 1 && g.SH == 1 && g.SW == 1;

    private static void DenseForward(in Conv3dGeometry g, SimdWidth isa, int threads, float* x, float* w, float* bias, float* y)
    {
        int cig = g.InPerGroup, cog = g.OutPerGroup;
        long isp = (long)g.D * g.H * g.W, osp = (long)g.OD * g.OH * g.OW;
        var taps = TapSet.Forward(g);
        var kdim = cig * taps.Count;
        if (UseWinograd(g, isa, g.OutChannels, g.InChannels))
        {
            WinogradConv.Correlate(w, false, g.OutChannels, g.InChannels, g.Batch, x, bias, y, g.D, g.H, g.W);
            return;
        }
        var direct = UnitStride(g) && DirectConv.Supported(isa, cog, cig, g.KD, g.KH, g.KW, g.OH, g.OW);
        for (var n = 0; n < g.Batch; n++)
        for (var grp = 0; grp < g.Groups; grp++)
        {
            var yb = y + ((long)n * g.OutChannels + grp * cog) * osp;
            if (direct)
            {
                DirectConv.Correlate(isa, cog, w + (long)grp * cog * kdim, x + ((long)n * g.InChannels + grp * cig) * isp,
                    cig, g.D, g.H, g.W, g.KD, g.KH, g.KW, g.PD, g.PH, g.PW, bias == null ? null : bias + grp * cog,
                    yb, g.OD, g.OH, g.OW);
                continue;
            }
            if (bias != null)
                for (var co = 0; co < cog; co++)
                    new Span<float>(yb + co * osp, (int)osp).Fill(bias[grp * cog + co]);
            var src = new ConvSource(x + ((long)n * g.InChannels + grp * cig) * isp, cig, g.D, g.H, g.W,
                g.OD, g.OH, g.OW, g.SD, g.SH, g.SW, taps);
            var pa = new MatrixPackA(w + (long)grp * cog * kdim, kdim, false, cog);
            RunIm2Col(isa, threads, cog, (int)osp, kdim, pa, src, yb, (nint)osp, bias != null);
        }
    }

    /// <summary>
    /// C (+)= A·im2col(src) as a packed GEMM: stride-1 sources small enough are first copied into a zero-padded volume
    /// (<see cref="PaddedConvSource"/>) so that packing needs no bounds checks; others are packed with bounds checks.
    /// </summary>
    private static void RunIm2Col<TA>(SimdWidth isa, int threads, int m, int n, int k, in TA pa, in ConvSource src,
        float* c, nint ldc, bool accumulate) where TA : struct, IPackA
    {
        if (PaddedConvSource.Suits(src))
            Gemm.RunPacked(isa, threads, m, n, k, pa, new PaddedIm2ColPackB(PaddedConvSource.Build(src)), c, ldc, accumulate);
        else
            Gemm.RunPacked(isa, threads, m, n, k, pa, new Im2ColPackB(src), c, ldc, accumulate);
    }

    /// <summary>
    /// dx[ci, q·s + r] = Σ_{co, k ≡ r + p (mod s)} w[co, ci, k]·dy[co, q + (r + p − k)/s] for each residue class r of
    /// the input position modulo the stride: a stride-1 implicit GEMM per class over only the taps that hit it.
    /// </summary>
    private static void DenseBackwardInput(in Conv3dGeometry g, SimdWidth isa, int threads, float* dy, float* w, float* dx)
    {
        int cig = g.InPerGroup, cog = g.OutPerGroup, kvol = g.KernelVolume;
        long isp = (long)g.D * g.H * g.W, osp = (long)g.OD * g.OH * g.OW;
        if (UseWinograd(g, isa, g.InChannels, g.OutChannels))
        {
            WinogradConv.Correlate(w, true, g.InChannels, g.OutChannels, g.Batch, dy, null, dx, g.D, g.H, g.W);
            return;
        }
        var unitStride = UnitStride(g);
        if (!unitStride && cig * kvol <= 64)
        {
            DenseBackwardInputCol2Im(g, isa, threads, dy, w, dx);
            return;
        }
        if (unitStride && DirectConv.Supported(isa, cig, cog, g.KD, g.KH, g.KW, g.H, g.W))
        {
            // dx = correlation of dy with the flipped, transposed filters: A[ci, (co, a, b, e)] = w[co, ci, K − 1 − (a, b, e)].
            var kdim = cog * kvol;
            var a = ScratchBuffers.Get(1, (long)cig * kdim);
            for (var n = 0; n < g.Batch; n++)
            for (var grp = 0; grp < g.Groups; grp++)
            {
                if (n == 0 || g.Groups > 1)
                    for (var ci = 0; ci < cig; ci++)
                    for (var co = 0; co < cog; co++)
                    {
                        var wrow = w + ((long)(grp * cog + co) * cig + ci) * kvol;
                        var arow = a + (long)ci * kdim + co * kvol;
                        for (var t = 0; t < kvol; t++) arow[t] = wrow[kvol - 1 - t];
                    }
                DirectConv.Correlate(isa, cig, a, dy + ((long)n * g.OutChannels + grp * cog) * osp, cog, g.OD, g.OH, g.OW,
                    g.KD, g.KH, g.KW, g.KD - 1 - g.PD, g.KH - 1 - g.PH, g.KW - 1 - g.PW, null,
                    dx + ((long)n * g.InChannels + grp * cig) * isp, g.D, g.H, g.W);
            }
            return;
        }
        for (var rz = 0; rz < g.SD; rz++)
        for (var ry = 0; ry < g.SH; ry++)
        for (var rx = 0; rx < g.SW; rx++)
        {
            int gz = Classes(g.D, rz, g.SD), gy = Classes(g.H, ry, g.SH), gx = Classes(g.W, rx, g.SW);
            if (gz == 0 || gy == 0 || gx == 0) continue;
            var cls = ClassTaps(g, rz, ry, rx, out var tapIndex);
            var gn = gz * gy * gx;
            var kdim = cog * cls.Count;
            var c = unitStride ? null : ScratchBuffers.Get(3, (long)cig * gn);
            for (var n = 0; n < g.Batch; n++)
            for (var grp = 0; grp < g.Groups; grp++)
            {
                var dxb = dx + ((long)n * g.InChannels + grp * cig) * isp;
                if (cls.Count == 0)
                {
                    Scatter(null, dxb, cig, isp, gz, gy, gx, rz, ry, rx, g);
                    continue;
                }
                var src = new ConvSource(dy + ((long)n * g.OutChannels + grp * cog) * osp, cog, g.OD, g.OH, g.OW,
                    gz, gy, gx, 1, 1, 1, cls);
                // The class's A: rows ci, columns (co, t) = w[co, ci, tap t], packed straight from the filters.
                fixed (int* taps = tapIndex)
                {
                    var pa = new TransposedWeightsPackA(w + (long)grp * cog * cig * kvol, cig, kvol, taps, cls.Count);
                    if (unitStride)
                    {
                        RunIm2Col(isa, threads, cig, gn, kdim, pa, src, dxb, (nint)isp, false);
                    }
                    else
                    {
                        RunIm2Col(isa, threads, cig, gn, kdim, pa, src, c, gn, false);
                        Scatter(c, dxb, cig, isp, gz, gy, gx, rz, ry, rx, g);
                    }
                }
            }
        }
    }

    /// <summary>Output positions per column chunk of the col2im input gradient: a constant, so the order is fixed.</summary>
    private const int Col2ImChunk = 4096;

    /// <summary>
    /// For few input channels (the stem: Cin = 1): columns = Wᵀ·dy as a GEMM with M = Cin·K³ (the parity split would
    /// leave M = Cin rows), then each column is added to dx at its taps (col2im), chunk by chunk, tap by tap, in order.
    /// </summary>
    private static void DenseBackwardInputCol2Im(in Conv3dGeometry g, SimdWidth isa, int threads, float* dy, float* w, float* dx)
    {
        int cig = g.InPerGroup, cog = g.OutPerGroup, kvol = g.KernelVolume;
        long isp = (long)g.D * g.H * g.W;
        var osp = g.OD * g.OH * g.OW;
        var rows = cig * kvol;
        var cols = ScratchBuffers.Get(2, (long)rows * Col2ImChunk);
        new Span<float>(dx, g.InputLength).Clear();
        for (var n = 0; n < g.Batch; n++)
        for (var grp = 0; grp < g.Groups; grp++)
        {
            var dyb = dy + ((long)n * g.OutChannels + grp * cog) * osp;
            var dxb = dx + ((long)n * g.InChannels + grp * cig) * isp;
            var wb = w + (long)grp * cog * rows;
            for (var j0 = 0; j0 < osp; j0 += Col2ImChunk)
            {
                var nc = Math.Min(Col2ImChunk, osp - j0);
                // cols[kk, j] = Σ_co w[co, kk]·dy[co, j0 + j]
                Gemm.RunPacked(isa, threads, rows, nc, cog, new MatrixPackA(wb, rows, true, rows),
                    new MatrixPackB(dyb + j0, osp, false, nc), cols, nc, false);
                for (var kk = 0; kk < rows; kk++)
                {
                    var ci = kk / kvol;
                    var t = kk - ci * kvol;
                    var kd = t / (g.KH * g.KW);
                    var kh = t / g.KW % g.KH;
                    var kw = t % g.KW;
                    var crow = cols + (long)kk * nc;
                    var dxc = dxb + ci * isp;
                    var x = j0 % g.OW;
                    var rest = j0 / g.OW;
                    var y = rest % g.OH;
                    var z = rest / g.OH;
                    var j = 0;
                    while (j < nc)
                    {
                        var len = Math.Min(nc - j, g.OW - x);
                        var iz = z * g.SD - g.PD + kd;
                        var iy = y * g.SH - g.PH + kh;
                        if ((uint)iz < (uint)g.D && (uint)iy < (uint)g.H)
                        {
                            var drow = dxc + ((long)iz * g.H + iy) * g.W;
                            var src = crow + j;
                            for (var q = 0; q < len; q++)
                            {
                                var ix = (x + q) * g.SW - g.PW + kw;
                                if ((uint)ix < (uint)g.W) drow[ix] += src[q];
                            }
                        }
                        j += len;
                        x = 0;
                        if (++y == g.OH)
                        {
                            y = 0;
                            z++;
                        }
                    }
                }
            }
        }
    }

    /// <summary>The number of positions i in [0, size) with i ≡ r (mod s).</summary>
    private static int Classes(int size, int r, int s) => r < size ? (size - r + s - 1) / s : 0;

    /// <summary>The taps of residue class (rz, ry, rx) with their source offsets, and their index in the filter.</summary>
    private static TapSet ClassTaps(in Conv3dGeometry g, int rz, int ry, int rx, out int[] tapIndex)
    {
        static List<(int k, int o)> Axis(int kernel, int r, int p, int s)
        {
            var l = new List<(int, int)>();
            for (var k = 0; k < kernel; k++)
            {
                var v = r + p - k;
                if (((v % s) + s) % s == 0) l.Add((k, v / s));
            }
            return l;
        }
        var az = Axis(g.KD, rz, g.PD, g.SD);
        var ay = Axis(g.KH, ry, g.PH, g.SH);
        var ax = Axis(g.KW, rx, g.PW, g.SW);
        var n = az.Count * ay.Count * ax.Count;
        int[] z = new int[n], y = new int[n], x = new int[n];
        tapIndex = new int[n];
        var t = 0;
        foreach (var (kd, oz) in az)
        foreach (var (kh, oy) in ay)
        foreach (var (kw, ox) in ax)
        {
            z[t] = oz;
            y[t] = oy;
            x[t] = ox;
            tapIndex[t] = (kd * g.KH + kh) * g.KW + kw;
            t++;
        }
        return new TapSet(z, y, x);
    }

    /// <summary>Writes a class's values (or zeros when <paramref name="c"/> is null) to dx[ci, q·s + r].</summary>
    private static void Scatter(float* c, float* dxb, int cig, long isp, int gz, int gy, int gx, int rz, int ry, int rx,
        in Conv3dGeometry g)
    {
        for (var ci = 0; ci < cig; ci++)
        {
            var src = c == null ? null : c + (long)ci * gz * gy * gx;
            var dst = dxb + ci * isp;
            for (var qz = 0; qz < gz; qz++)
            for (var qy = 0; qy < gy; qy++)
            {
                var drow = dst + ((long)(qz * g.SD + rz) * g.H + qy * g.SH + ry) * g.W + rx;
                if (src == null)
                {
                    for (var qx = 0; qx < gx; qx++) drow[qx * g.SW] = 0f;
                }
                else
                {
                    var srow = src + ((long)qz * gy + qy) * gx;
                    for (var qx = 0; qx < gx; qx++) drow[qx * g.SW] = srow[qx];
                }
            }
        }
    }

    private static void DenseBackwardWeight(in Conv3dGeometry g, SimdWidth isa, int threads, float* x, float* dy, float* dw, float* dbias)
    {
        int cig = g.InPerGroup, cog = g.OutPerGroup;
        long isp = (long)g.D * g.H * g.W, osp = (long)g.OD * g.OH * g.OW;
        var taps = TapSet.Forward(g);
        var kdim = cig * taps.Count;
        var direct = UnitStride(g) && DirectConv.Supported(isa, 0, cig, g.KD, g.KH, g.KW, g.OH, g.OW);
        var narrow = g.OW < 16 && g.OutPerGroup >= 16;
        for (var n = 0; n < g.Batch; n++)
        for (var grp = 0; grp < g.Groups; grp++)
        {
            var xb = x + ((long)n * g.InChannels + grp * cig) * isp;
            var dyb = dy + ((long)n * g.OutChannels + grp * cog) * osp;
            if (narrow)
            {
                // Small planes: a plain GEMM dW (+)= dY·Colᵀ over all positions, k = positions in KC blocks.
                var src = new ConvSource(xb, cig, g.D, g.H, g.W, g.OD, g.OH, g.OW, g.SD, g.SH, g.SW, taps);
                var pa = new MatrixPackA(dyb, (nint)osp, false, cog);
                if (PaddedConvSource.Suits(src))
                    Gemm.RunPacked(isa, threads, cog, kdim, (int)osp, pa, new PaddedIm2ColTransposedPackB(PaddedConvSource.Build(src)),
                        dw + (long)grp * cog * kdim, kdim, n > 0);
                else
                    Gemm.RunPacked(isa, threads, cog, kdim, (int)osp, pa, new Im2ColTransposedPackB(src), dw + (long)grp * cog * kdim, kdim, n > 0);
            }
            else if (direct)
                DirectConv.WeightGrad(isa, cog, dyb, xb, cig, g.D, g.H, g.W, g.KD, g.KH, g.KW, g.PD, g.PH, g.PW,
                    dw + (long)grp * cog * kdim, g.OD, g.OH, g.OW);
            else
                WeightGrad.Accumulate(isa, threads, cog, dyb,
                    new ConvSource(xb, cig, g.D, g.H, g.W, g.OD, g.OH, g.OW, g.SD, g.SH, g.SW, taps), dw + (long)grp * cog * kdim);
        }
        if (dbias != null) SumBiasGradient(g, dy, dbias);
    }

    /// <summary>dbias[co] += Σ dy[n, co, ·] over the batch, in batch order.</summary>
    private static void SumBiasGradient(in Conv3dGeometry g, float* dy, float* dbias)
    {
        var osp = (long)g.OD * g.OH * g.OW;
        for (var n = 0; n < g.Batch; n++)
        for (var co = 0; co < g.OutChannels; co++)
            dbias[co] += System.Numerics.Tensors.TensorPrimitives.Sum(
                new ReadOnlySpan<float>(dy + ((long)n * g.OutChannels + co) * osp, (int)osp));
    }

    private static void Validate(in Conv3dGeometry g)
    {
        if (g.Batch < 0 || g.InChannels <= 0 || g.OutChannels <= 0 || g.D <= 0 || g.H <= 0 || g.W <= 0)
            ThrowArgument("Convolution sizes must be positive (batch non-negative).");
        if (g.KD <= 0 || g.KH <= 0 || g.KW <= 0 || g.SD <= 0 || g.SH <= 0 || g.SW <= 0)
            ThrowArgument("Kernel sizes and strides must be positive.");
        if (g.PD < 0 || g.PH < 0 || g.PW < 0) ThrowArgument("Padding must be non-negative.");
        if (g.Groups <= 0 || g.InChannels % g.Groups != 0 || g.OutChannels % g.Groups != 0)
            ThrowArgument("Groups must divide both channel counts.");
        if (g.OD <= 0 || g.OH <= 0 || g.OW <= 0) ThrowArgument("The kernel is larger than the padded input.");
        if ((long)g.Batch * g.InChannels * g.D * g.H * g.W > int.MaxValue || (long)g.Batch * g.OutChannels * g.OD * g.OH * g.OW > int.MaxValue)
            ThrowArgument("The tensors are too large.");
    }

    private static void Require(int length, int needed, string name)
    {
        if (length < needed) ThrowArgument($"Buffer '{name}' holds {length} elements; {needed} are needed.");
    }

    [DoesNotReturn]
    private static void ThrowArgument(string message) => throw new ArgumentException(message);
}
