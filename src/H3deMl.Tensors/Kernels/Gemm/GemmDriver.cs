using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using H3deMl.Tensors.Kernels.Isa;

namespace H3deMl.Tensors.Kernels.GemmImpl;

/// <summary>Packs a block of op(A) into MR-row micro-panels laid out [p][MR], rows past the matrix zero-filled.</summary>
internal unsafe interface IPackA
{
    /// <summary>Packs rows [i0, i0 + mc) and columns [p0, p0 + kc) into ⌈mc/mr⌉ panels of kc·mr floats.</summary>
    void Pack(int i0, int mc, int p0, int kc, int mr, float* dst);
}

/// <summary>Packs a block of op(B) into NR-column micro-panels laid out [p][NR], columns past the matrix zero-filled.</summary>
internal unsafe interface IPackB
{
    /// <summary>Packs rows [p0, p0 + kc) and columns [j0, j0 + nc) into ⌈nc/nr⌉ panels of kc·nr floats.</summary>
    void Pack(int p0, int kc, int j0, int nc, int nr, float* dst);
}

/// <summary>Cache-blocking parameters of one vector width.</summary>
internal readonly record struct GemmBlocking(int Mr, int Nr, int Kc, int Mc, int Nc)
{
    internal static GemmBlocking For(SimdWidth w) => w switch
    {
        SimdWidth.V512 => new(MicroKernels.Mr512, MicroKernels.Nr512, 256, 96, 1024),
        SimdWidth.V256 => new(MicroKernels.Mr256, MicroKernels.Nr256, 256, 96, 1024),
        SimdWidth.V128 => new(MicroKernels.Mr128, MicroKernels.Nr128, 256, 96, 1024),
        _ => new(MicroKernels.MrScalar, MicroKernels.NrScalar, 256, 96, 1024),
    };
}

/// <summary>
/// The blocked GEMM loop nest (Goto/BLIS style: NC → KC → MC → NR → MR) around a register-blocked micro-kernel.
/// Every element of C sums its k range in KC-sized blocks, in order, each block in k order: the order depends on
/// k and the vector width only, never on which rows or columns a thread was given.
/// </summary>
internal static unsafe class GemmDriver
{
    /// <summary>
    /// C[i, j] (+)= Σ_p A[i, p]·B[p, j] for rows [m0, m1) and columns [n0, n1); <paramref name="c"/> points at C[0, 0].
    /// </summary>
    internal static void Run<TA, TB>(SimdWidth w, int m0, int m1, int n0, int n1, int k, in TA pa, in TB pb,
        float* c, nint ldc, bool accumulate)
        where TA : struct, IPackA where TB : struct, IPackB
    {
        if (m1 <= m0 || n1 <= n0) return;
        if (k <= 0)
        {
            if (!accumulate)
                for (var i = m0; i < m1; i++) new Span<float>(c + i * ldc + n0, n1 - n0).Clear();
            return;
        }
        var bl = GemmBlocking.For(w);
        int mr = bl.Mr, nr = bl.Nr;
        var kcMax = Math.Min(bl.Kc, k);
        var mcMax = Math.Min(bl.Mc, RoundUp(m1 - m0, mr));
        var ncMax = Math.Min(bl.Nc, RoundUp(n1 - n0, nr));
        var bufA = ScratchBuffers.Get(0, (long)RoundUp(mcMax, mr) * kcMax);
        var bufB = ScratchBuffers.Get(1, (long)RoundUp(ncMax, nr) * kcMax);
        var single = m1 - m0 == 1;
        for (var jc = n0; jc < n1; jc += bl.Nc)
        {
            var nc = Math.Min(bl.Nc, n1 - jc);
            for (var pc = 0; pc < k; pc += bl.Kc)
            {
                var kc = Math.Min(bl.Kc, k - pc);
                var acc = accumulate || pc > 0;
                pb.Pack(pc, kc, jc, nc, nr, bufB);
                for (var ic = m0; ic < m1; ic += bl.Mc)
                {
                    var mc = Math.Min(bl.Mc, m1 - ic);
                    pa.Pack(ic, mc, pc, kc, mr, bufA);
                    if (single && w != SimdWidth.Scalar)
                    {
                        RowMacro(w, kc, nc, bufA, mr, bufB, nr, c + ic * ldc + jc, acc);
                        continue;
                    }
                    // A's MR-row micro-panel stays in L1 while B's NR-column panels stream past it from L2.
                    for (var ir = 0; ir < mc; ir += mr)
                    {
                        var mre = Math.Min(mr, mc - ir);
                        var ap = bufA + (long)ir * kc;
                        for (var jr = 0; jr < nc; jr += nr)
                        {
                            var nre = Math.Min(nr, nc - jr);
                            var bp = bufB + (long)jr * kc;
                            var cp = c + (ic + ir) * ldc + jc + jr;
                            if (mre == mr && nre == nr) Tile(w, kc, ap, bp, cp, ldc, acc);
                            else EdgeTile(w, kc, ap, bp, cp, ldc, acc, mre, nre, mr, nr);
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int RoundUp(int v, int unit) => (v + unit - 1) / unit * unit;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(SimdWidth w, int kc, float* a, float* b, float* c, nint ldc, bool acc)
    {
        switch (w)
        {
            case SimdWidth.V512: MicroKernels.Tile512(kc, a, b, c, ldc, acc); break;
            case SimdWidth.V256: MicroKernels.Tile256(kc, a, b, c, ldc, acc); break;
            case SimdWidth.V128: MicroKernels.Tile128(kc, a, b, c, ldc, acc); break;
            default: MicroKernels.TileScalar(kc, a, b, c, ldc, acc); break;
        }
    }

    private static void EdgeTile(SimdWidth w, int kc, float* a, float* b, float* c, nint ldc, bool acc,
        int mre, int nre, int mr, int nr)
    {
        var tmp = stackalloc float[MicroKernels.MaxTile + 16];
        var t = (float*)(((nint)tmp + 63) & ~(nint)63);
        Tile(w, kc, a, b, t, nr, false);
        for (var i = 0; i < mre; i++)
        {
            var src = t + i * nr;
            var dst = c + i * ldc;
            if (acc) for (var j = 0; j < nre; j++) dst[j] += src[j];
            else for (var j = 0; j < nre; j++) dst[j] = src[j];
        }
    }

    /// <summary>A single row of C: walks B panels two at a time with the one-row kernel (keeps 4 accumulator chains busy).</summary>
    private static void RowMacro(SimdWidth w, int kc, int nc, float* a, int aStep, float* b, int nr, float* c, bool acc)
    {
        var tmp = stackalloc float[2 * 32 + 16];
        var t = (float*)(((nint)tmp + 63) & ~(nint)63);
        var jr = 0;
        for (; jr + 2 * nr <= nc; jr += 2 * nr)
            Row(w, kc, a, aStep, b + (long)jr * kc, b + (long)(jr + nr) * kc, c + jr, acc);
        if (jr < nc)
        {
            // One or two partial panels left: a second panel may not exist, so pair the first with itself.
            var p1 = b + (long)jr * kc;
            var p2 = jr + nr < nc ? b + (long)(jr + nr) * kc : p1;
            Row(w, kc, a, aStep, p1, p2, t, false);
            var rem = nc - jr;
            if (acc) for (var j = 0; j < rem; j++) c[jr + j] += t[j];
            else for (var j = 0; j < rem; j++) c[jr + j] = t[j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row(SimdWidth w, int kc, float* a, int aStep, float* b, float* b2, float* c, bool acc)
    {
        switch (w)
        {
            case SimdWidth.V512: MicroKernels.Row512(kc, a, aStep, b, b2, c, acc); break;
            case SimdWidth.V256: MicroKernels.Row256(kc, a, aStep, b, b2, c, acc); break;
            default: MicroKernels.Row128(kc, a, aStep, b, b2, c, acc); break;
        }
    }
}

/// <summary>The scalar micro-kernel and shared tile constants.</summary>
internal static unsafe partial class MicroKernels
{
    internal const int MrScalar = 4;
    internal const int NrScalar = 4;

    /// <summary>The largest MR·NR of any width.</summary>
    internal const int MaxTile = 8 * 32;

    /// <summary>4x4 scalar tile: the portable reference micro-kernel.</summary>
    internal static void TileScalar(int kc, float* a, float* b, float* c, nint ldc, bool accumulate)
    {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (var p = 0; p < kc; p++)
        {
            float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            float a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
            c00 = MathF.FusedMultiplyAdd(a0, b0, c00); c01 = MathF.FusedMultiplyAdd(a0, b1, c01);
            c02 = MathF.FusedMultiplyAdd(a0, b2, c02); c03 = MathF.FusedMultiplyAdd(a0, b3, c03);
            c10 = MathF.FusedMultiplyAdd(a1, b0, c10); c11 = MathF.FusedMultiplyAdd(a1, b1, c11);
            c12 = MathF.FusedMultiplyAdd(a1, b2, c12); c13 = MathF.FusedMultiplyAdd(a1, b3, c13);
            c20 = MathF.FusedMultiplyAdd(a2, b0, c20); c21 = MathF.FusedMultiplyAdd(a2, b1, c21);
            c22 = MathF.FusedMultiplyAdd(a2, b2, c22); c23 = MathF.FusedMultiplyAdd(a2, b3, c23);
            c30 = MathF.FusedMultiplyAdd(a3, b0, c30); c31 = MathF.FusedMultiplyAdd(a3, b1, c31);
            c32 = MathF.FusedMultiplyAdd(a3, b2, c32); c33 = MathF.FusedMultiplyAdd(a3, b3, c33);
            a += 4;
            b += 4;
        }
        Put(c, accumulate, c00, c01, c02, c03);
        Put(c + ldc, accumulate, c10, c11, c12, c13);
        Put(c + 2 * ldc, accumulate, c20, c21, c22, c23);
        Put(c + 3 * ldc, accumulate, c30, c31, c32, c33);
    }

    private static void Put(float* c, bool acc, float v0, float v1, float v2, float v3)
    {
        if (acc)
        {
            c[0] += v0; c[1] += v1; c[2] += v2; c[3] += v3;
        }
        else
        {
            c[0] = v0; c[1] = v1; c[2] = v2; c[3] = v3;
        }
    }
}

/// <summary>Packs op(A) of a row-major matrix (optionally transposed).</summary>
internal readonly unsafe struct MatrixPackA(float* a, nint lda, bool trans, int m) : IPackA
{
    public void Pack(int i0, int mc, int p0, int kc, int mr, float* dst)
    {
        for (var r = 0; r < mc; r += mr)
        {
            var row0 = i0 + r;
            var valid = Math.Min(mr, Math.Min(mc - r, m - row0));
            var d = dst + (long)r * kc;
            if (!trans)
            {
                var p = 0;
                if (mr == 8 && valid == 8 && Avx.IsSupported)
                    for (; p + 8 <= kc; p += 8) BlockTranspose.Transpose8x8(a + row0 * lda + p0 + p, lda, d + p * 8);
                for (var i = 0; i < valid; i++)
                {
                    var src = a + (row0 + i) * lda + p0;
                    for (var q = p; q < kc; q++) d[q * mr + i] = src[q];
                }
                for (var i = valid; i < mr; i++)
                    for (var q = p; q < kc; q++) d[q * mr + i] = 0f;
            }
            else
            {
                for (var p = 0; p < kc; p++)
                {
                    var src = a + (p0 + p) * lda + row0;
                    var dp = d + p * mr;
                    var i = 0;
                    for (; i < valid; i++) dp[i] = src[i];
                    for (; i < mr; i++) dp[i] = 0f;
                }
            }
        }
    }
}

/// <summary>Packs op(B) of a row-major matrix (optionally transposed).</summary>
internal readonly unsafe struct MatrixPackB(float* b, nint ldb, bool trans, int n) : IPackB
{
    public void Pack(int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        for (var r = 0; r < nc; r += nr)
        {
            var col0 = j0 + r;
            var valid = Math.Min(nr, Math.Min(nc - r, n - col0));
            var d = dst + (long)r * kc;
            if (!trans)
            {
                if (valid == nr && nr == 32 && Vector512.IsHardwareAccelerated)
                {
                    for (var p = 0; p < kc; p++)
                    {
                        var src = b + (p0 + p) * ldb + col0;
                        Vector512.Store(Vector512.Load(src), d + p * 32);
                        Vector512.Store(Vector512.Load(src + 16), d + p * 32 + 16);
                    }
                    continue;
                }
                for (var p = 0; p < kc; p++)
                {
                    var src = b + (p0 + p) * ldb + col0;
                    var dp = d + p * nr;
                    var j = 0;
                    for (; j < valid; j++) dp[j] = src[j];
                    for (; j < nr; j++) dp[j] = 0f;
                }
            }
            else
            {
                for (var j = 0; j < valid; j++)
                {
                    var src = b + (col0 + j) * ldb + p0;
                    for (var p = 0; p < kc; p++) d[p * nr + j] = src[p];
                }
                for (var j = valid; j < nr; j++)
                    for (var p = 0; p < kc; p++) d[p * nr + j] = 0f;
            }
        }
    }
}
