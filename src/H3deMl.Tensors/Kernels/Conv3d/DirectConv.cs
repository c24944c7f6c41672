using System.Runtime.Intrinsics;
using H3deMl.Tensors.Kernels.GemmImpl;
using H3deMl.Tensors.Kernels.Isa;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// Stride-1 dense correlation as an implicit GEMM that reads B straight from a zero-padded ring of input planes.
/// Output plane z needs padded planes z .. z + KD − 1; a thread walking its band of planes keeps them in a ring and
/// pads one new plane per step. Within a padded plane (Hp × Wp per channel) the im2col row of tap (c, a, b, e) for
/// output column j' = y·Wp + x starts at a fixed offset, so a micro-kernel loads its B vectors at base + off[kk]
/// with no packing and no bounds checks. Columns with x ≥ OW are computed and discarded.
/// </summary>
internal static unsafe partial class DirectConv
{
    /// <summary>
    /// Whether the direct path suits a correlation: a vector width, ring offsets that fit in an int, and output rows
    /// wide enough that the discarded padding columns (kw − 1 per row) cost little: at most about a tenth of the work
    /// for the column-vector kernels, a fifth for the channel-vector ones (their tiles run faster); narrower planes go
    /// to the packed GEMM.
    /// </summary>
    internal static bool Supported(SimdWidth w, int m, int channels, int kd, int kh, int kw, int oh, int ow)
    {
        if (w == SimdWidth.Scalar) return false;
        var narrowLimit = ChannelTile.For(w, m, kw) is null ? 8 : 4;
        if (m > 0 && narrowLimit * (kw - 1) > ow) return false;
        var slot = SlotLength(channels, oh + kh - 1, ow + kw - 1);
        return slot * (kd + 8) < int.MaxValue / 2;
    }

    internal static long SlotLength(int channels, int hp, int wp) => (long)channels * hp * wp + 96;

    /// <summary>
    /// out[m, z, y, x] = bias[m] + Σ_{c,a,b,e} A[m, ((c·KD + a)·KH + b)·KW + e]·src[c, z + a − lz, y + b − ly, x + e − lx]
    /// (source voxels outside the volume read as zero); <paramref name="bias"/> may be null. Overwrites out.
    /// </summary>
    internal static void Correlate(SimdWidth w, int m, float* amat, float* src, int channels, int d, int h, int wd,
        int kd, int kh, int kw, int lz, int ly, int lx, float* bias, float* dst, int od, int oh, int ow)
    {
        if (ChannelTile.For(w, m, kw) is { } tile)
        {
            CorrelateChannels(tile, m, amat, src, channels, d, h, wd, kd, kh, kw, lz, ly, lx, bias, dst, od, oh, ow);
            return;
        }
        var bl = GemmBlocking.For(w);
        var kdim = channels * kd * kh * kw;
        var apack = ScratchBuffers.Get(5, (long)GemmDriver.RoundUp(m, bl.Mr) * kdim);
        new MatrixPackA(amat, kdim, false, m).Pack(0, m, 0, kdim, bl.Mr, apack);
        var op = new ForwardBand(w, m, apack, src, channels, d, h, wd, kd, kh, kw, lz, ly, lx, bias, dst, od, oh, ow);
        ParallelRange.For(od, 1, op);
    }

    /// <summary>
    /// Makes padded planes z .. z + kd − 1 present in a ring of kd slots (plane q in slot q % kd): all of them at the
    /// band's first plane <paramref name="zStart"/>, else only the newest.
    /// </summary>
    private static void AdvanceRing(float* ring, long slotLen, int z, int zStart, float* src, int channels, int d, int h,
        int wd, int kd, int lz, int ly, int lx, int hp, int wp)
    {
        for (var q = z == zStart ? z : z + kd - 1; q < z + kd; q++)
            FillPlane(ring, slotLen, q % kd, q, src, channels, d, h, wd, lz, ly, lx, hp, wp);
    }

    /// <summary>
    /// Offsets in a ring of <paramref name="slots"/> slots of the taps (c, a, b, e) for output plane z, in weight order:
    /// slot((z + a) % slots) + c·Hp·Wp + b·Wp + e, for e below <paramref name="taps"/> (1 gives one offset per kernel row).
    /// </summary>
    private static void TapOffsets(int* off, int z, int slots, long slotLen, int channels, int kd, int kh, int taps, long planeC, int wp)
    {
        var t = 0;
        for (var c = 0; c < channels; c++)
        for (var a = 0; a < kd; a++)
        {
            var baseOff = (long)((z + a) % slots) * slotLen + c * planeC;
            for (var b = 0; b < kh; b++)
            for (var e = 0; e < taps; e++)
                off[t++] = (int)(baseOff + b * wp + e);
        }
    }

    /// <summary>Fills ring slot <paramref name="slot"/> with padded plane q (input plane q − lz): Hp × Wp per channel.</summary>
    internal static void FillPlane(float* ring, long slotLen, int slot, int q, float* src, int channels, int d, int h, int wd,
        int lz, int ly, int lx, int hp, int wp)
    {
        var baseP = ring + slot * slotLen;
        long planeC = (long)hp * wp;
        var iz = q - lz;
        if ((uint)iz >= (uint)d)
        {
            new Span<float>(baseP, (int)slotLen).Clear();
            return;
        }
        var x0 = Math.Max(0, lx);              // first padded column holding data
        var sx0 = x0 - lx;                      // its source column
        var n = Math.Min(wd - sx0, wp - x0);    // columns copied
        for (var c = 0; c < channels; c++)
        {
            var pc = baseP + c * planeC;
            var sc = src + ((long)c * d + iz) * h * wd;
            for (var r = 0; r < hp; r++)
            {
                var row = pc + (long)r * wp;
                var iy = r - ly;
                if ((uint)iy >= (uint)h || n <= 0)
                {
                    new Span<float>(row, wp).Clear();
                    continue;
                }
                for (var e = 0; e < x0; e++) row[e] = 0f;
                ConvSegments.Copy(row + x0, sc + (long)iy * wd + sx0, n);
                for (var e = x0 + n; e < wp; e++) row[e] = 0f;
            }
        }
        new Span<float>(baseP + channels * planeC, (int)(slotLen - channels * planeC)).Clear();
    }

    private readonly struct ForwardBand(SimdWidth w, int m, float* apack, float* src, int channels, int d, int h, int wd,
        int kd, int kh, int kw, int lz, int ly, int lx, float* bias, float* dst, int od, int oh, int ow) : IRangeOperation
    {
        public void Invoke(int z0, int z1)
        {
            var bl = GemmBlocking.For(w);
            int mr = bl.Mr, nr = bl.Nr;
            int hp = oh + kh - 1, wp = ow + kw - 1;
            var slotLen = SlotLength(channels, hp, wp);
            var kdim = channels * kd * kh * kw;
            long planeC = (long)hp * wp;
            long osp = (long)od * oh * ow;
            var ring = ScratchBuffers.Get(2, kd * slotLen);
            var off = (int*)ScratchBuffers.Get(3, kdim);
            var ctile = ScratchBuffers.Get(4, (long)GemmDriver.RoundUp(m, mr) * nr);
            for (var z = z0; z < z1; z++)
            {
                AdvanceRing(ring, slotLen, z, z0, src, channels, d, h, wd, kd, lz, ly, lx, hp, wp);
                TapOffsets(off, z, kd, slotLen, channels, kd, kh, kw, planeC, wp);
                var outPlane = dst + (long)z * oh * ow;
                if (ow >= nr)
                {
                    // Panels aligned to output rows: each row y is covered by ⌈ow/nr⌉ panels.
                    for (var y = 0; y < oh; y++)
                    for (var x0 = 0; x0 < ow; x0 += nr)
                    {
                        Panel(w, bl, m, kdim, apack, ring + (long)y * wp + x0, off, ctile);
                        var valid = Math.Min(nr, ow - x0);
                        var o = outPlane + (long)y * ow + x0;
                        for (var i = 0; i < m; i++)
                            StoreRow(o + i * osp, ctile + i * nr, valid, bias == null ? 0f : bias[i]);
                    }
                }
                else
                {
                    // Panels over the flattened padded plane (columns j' = y·wp + x); junk columns x ≥ ow are dropped.
                    var cols = oh * wp;
                    for (var j0 = 0; j0 < cols; j0 += nr)
                    {
                        Panel(w, bl, m, kdim, apack, ring + j0, off, ctile);
                        var jj = 0;
                        while (jj < nr && j0 + jj < cols)
                        {
                            var y = (j0 + jj) / wp;
                            var x = j0 + jj - y * wp;
                            var run = Math.Min(nr - jj, wp - x);
                            if (x < ow)
                            {
                                var valid = Math.Min(run, ow - x);
                                var o = outPlane + (long)y * ow + x;
                                for (var i = 0; i < m; i++)
                                    StoreRow(o + i * osp, ctile + i * nr + jj, valid, bias == null ? 0f : bias[i]);
                            }
                            jj += run;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// One column panel for all m rows into <paramref name="ctile"/> (m rounded up to MR, row stride NR): k in KC blocks,
    /// so that the panel's B rows of a block stay in L1 while every row panel of A passes over them.
    /// </summary>
    private static void Panel(SimdWidth w, GemmBlocking bl, int m, int kdim, float* apack, float* bp, int* off, float* ctile)
    {
        int mr = bl.Mr, nr = bl.Nr;
        for (var pc = 0; pc < kdim; pc += bl.Kc)
        {
            var kc = Math.Min(bl.Kc, kdim - pc);
            for (var i0 = 0; i0 < m; i0 += mr)
                Tile(w, kc, apack + (long)i0 * kdim + pc * mr, bp, off + pc, ctile + i0 * nr, nr, pc > 0);
        }
    }

    private static void StoreRow(float* dst, float* src, int n, float bias)
    {
        var j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vb = Vector512.Create(bias);
            for (; j + 16 <= n; j += 16) (Vector512.Load(src + j) + vb).Store(dst + j);
        }
        for (; j < n; j++) dst[j] = src[j] + bias;
    }

    private static void Tile(SimdWidth w, int kc, float* a, float* b, int* off, float* c, nint ldc, bool accumulate)
    {
        switch (w)
        {
            case SimdWidth.V512: MicroKernels.Direct512(kc, a, b, off, c, ldc, accumulate); break;
            case SimdWidth.V256: MicroKernels.Direct256(kc, a, b, off, c, ldc, accumulate); break;
            default: MicroKernels.Direct128(kc, a, b, off, c, ldc, accumulate); break;
        }
    }

    /// <summary>
    /// dW[m, kk] += Σ_{z, y, x} dy[m, z, y, x]·src[c, z + a − lz, y + b − ly, x + e − lx] for kk = (c, a, b, e), reading
    /// the source from a padded ring. Planes are taken in chunks whose size depends on the geometry only; each chunk's
    /// lane sums are reduced and added to dW in order. Threads split the kk rows in blocks of 4.
    /// </summary>
    internal static void WeightGrad(SimdWidth w, int m, float* dy, float* src, int channels, int d, int h, int wd,
        int kd, int kh, int kw, int lz, int ly, int lx, float* dw, int od, int oh, int ow)
    {
        if (WeightTile.For(w, m, kw) is { } tile)
        {
            WeightGradChannels(tile, m, dy, src, channels, d, h, wd, kd, kh, kw, lz, ly, lx, dw, od, oh, ow);
            return;
        }
        var kdim = channels * kd * kh * kw;
        var plane = oh * (ow + kw - 1);
        var chunk = Math.Clamp((4096 + plane - 1) / plane, 1, od);
        var op = new WeightBand(w, m, dy, src, channels, d, h, wd, kd, kh, kw, lz, ly, lx, dw, od, oh, ow, chunk);
        ParallelRange.For((kdim + 3) / 4, 1, op);
    }

    private readonly struct WeightBand(SimdWidth w, int m, float* dy, float* src, int channels, int d, int h, int wd,
        int kd, int kh, int kw, int lz, int ly, int lx, float* dw, int od, int oh, int ow, int chunk) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            int hp = oh + kh - 1, wp = ow + kw - 1;
            var slotLen = SlotLength(channels, hp, wp);
            var kdim = channels * kd * kh * kw;
            long planeC = (long)hp * wp;
            var ringSlots = chunk + kd - 1;
            var cols = oh * wp;
            var len = (cols + 15) / 16 * 16;
            var ring = ScratchBuffers.Get(2, ringSlots * slotLen);
            var off = (int*)ScratchBuffers.Get(3, (long)chunk * kdim);
            var dyp = ScratchBuffers.Get(4, (long)m * chunk * len);
            var sums = stackalloc float[16];
            int r0 = start * 4, r1 = Math.Min(end * 4, kdim);
            var filled = -1;                   // highest padded plane index in the ring
            for (var z0 = 0; z0 < od; z0 += chunk)
            {
                var nz = Math.Min(chunk, od - z0);
                // Padded planes z0 .. z0 + nz + kd − 2, plane q in slot q % ringSlots.
                for (var q = Math.Max(z0, filled + 1); q < z0 + nz + kd - 1; q++)
                {
                    FillPlane(ring, slotLen, q % ringSlots, q, src, channels, d, h, wd, lz, ly, lx, hp, wp);
                    filled = q;
                }
                // dy of the chunk in padded-column layout [m][plane][len], junk columns zero.
                for (var i = 0; i < m; i++)
                for (var zq = 0; zq < nz; zq++)
                {
                    var drow = dyp + ((long)i * chunk + zq) * len;
                    var srow = dy + ((long)i * od + z0 + zq) * oh * ow;
                    new Span<float>(drow, len).Clear();
                    for (var y = 0; y < oh; y++) ConvSegments.Copy(drow + y * wp, srow + (long)y * ow, ow);
                }
                for (var zq = 0; zq < nz; zq++)
                    TapOffsets(off + (long)zq * kdim, z0 + zq, ringSlots, slotLen, channels, kd, kh, kw, planeC, wp);
                var aPlane = (long)len;
                var lda = (long)chunk * len;
                for (var j0 = r0; j0 < r1; j0 += 4)
                {
                    var nj = Math.Min(4, r1 - j0);
                    for (var i0 = 0; i0 < m; i0 += 4)
                    {
                        var mi = Math.Min(4, m - i0);
                        var outp = dw + (long)i0 * kdim + j0;
                        var ap = dyp + i0 * lda;
                        if (mi == 4 && nj == 4)
                        {
                            DotPlanes(w, nz, ap, lda, aPlane, ring, off + j0, kdim, len, sums);
                            for (var i = 0; i < 4; i++)
                            for (var j = 0; j < 4; j++)
                                outp[(long)i * kdim + j] += sums[i * 4 + j];
                        }
                        else
                        {
                            for (var i = 0; i < mi; i++)
                            for (var j = 0; j < nj; j++)
                                outp[(long)i * kdim + j] += DotPlanes1(w, nz, ap + i * lda, aPlane, ring, off + j0 + j, kdim, len);
                        }
                    }
                }
            }
        }
    }

    private static void DotPlanes(SimdWidth w, int nq, float* a, long lda, long aPlane, float* ring, int* off, int kdim, int len, float* sums)
    {
        switch (w)
        {
            case SimdWidth.V512: DotPlanes<Simd512, Vector512<float>>(nq, a, lda, aPlane, ring, off, kdim, len, sums); break;
            case SimdWidth.V256: DotPlanes<Simd256, Vector256<float>>(nq, a, lda, aPlane, ring, off, kdim, len, sums); break;
            default: DotPlanes<Simd128, Vector128<float>>(nq, a, lda, aPlane, ring, off, kdim, len, sums); break;
        }
    }

    private static float DotPlanes1(SimdWidth w, int nq, float* a, long aPlane, float* ring, int* off, int kdim, int len) => w switch
    {
        SimdWidth.V512 => DotPlanes1<Simd512, Vector512<float>>(nq, a, aPlane, ring, off, kdim, len),
        SimdWidth.V256 => DotPlanes1<Simd256, Vector256<float>>(nq, a, aPlane, ring, off, kdim, len),
        _ => DotPlanes1<Simd128, Vector128<float>>(nq, a, aPlane, ring, off, kdim, len),
    };

    private static float DotPlanes1<TOps, TV>(int nq, float* a, long aPlane, float* ring, int* off, int kdim, int len)
        where TOps : ISimdOps<TV> where TV : unmanaged
    {
        var s = TOps.Zero;
        for (var q = 0; q < nq; q++)
        {
            var ap = a + q * aPlane;
            var bp = ring + off[(long)q * kdim];
            for (var p = 0; p < len; p += TOps.Lanes) s = TOps.Fma(TOps.Load(ap + p), TOps.Load(bp + p), s);
        }
        return TOps.Sum(s);
    }

    private static void DotPlanes<TOps, TV>(int nq, float* a, long lda, long aPlane, float* ring, int* off, int kdim, int len, float* sums)
        where TOps : ISimdOps<TV> where TV : unmanaged
    {
        TV s00 = TOps.Zero, s01 = TOps.Zero, s02 = TOps.Zero, s03 = TOps.Zero;
        TV s10 = TOps.Zero, s11 = TOps.Zero, s12 = TOps.Zero, s13 = TOps.Zero;
        TV s20 = TOps.Zero, s21 = TOps.Zero, s22 = TOps.Zero, s23 = TOps.Zero;
        TV s30 = TOps.Zero, s31 = TOps.Zero, s32 = TOps.Zero, s33 = TOps.Zero;
        for (var q = 0; q < nq; q++)
        {
            var a0 = a + q * aPlane;
            var a1 = a0 + lda;
            var a2 = a1 + lda;
            var a3 = a2 + lda;
            var o = off + (long)q * kdim;
            float* b0 = ring + o[0], b1 = ring + o[1], b2 = ring + o[2], b3 = ring + o[3];
            for (var p = 0; p < len; p += TOps.Lanes)
            {
                var vb0 = TOps.Load(b0 + p);
                var vb1 = TOps.Load(b1 + p);
                var vb2 = TOps.Load(b2 + p);
                var vb3 = TOps.Load(b3 + p);
                var va = TOps.Load(a0 + p);
                s00 = TOps.Fma(va, vb0, s00); s01 = TOps.Fma(va, vb1, s01); s02 = TOps.Fma(va, vb2, s02); s03 = TOps.Fma(va, vb3, s03);
                va = TOps.Load(a1 + p);
                s10 = TOps.Fma(va, vb0, s10); s11 = TOps.Fma(va, vb1, s11); s12 = TOps.Fma(va, vb2, s12); s13 = TOps.Fma(va, vb3, s13);
                va = TOps.Load(a2 + p);
                s20 = TOps.Fma(va, vb0, s20); s21 = TOps.Fma(va, vb1, s21); s22 = TOps.Fma(va, vb2, s22); s23 = TOps.Fma(va, vb3, s23);
                va = TOps.Load(a3 + p);
                s30 = TOps.Fma(va, vb0, s30); s31 = TOps.Fma(va, vb1, s31); s32 = TOps.Fma(va, vb2, s32); s33 = TOps.Fma(va, vb3, s33);
            }
        }
        sums[0] = TOps.Sum(s00); sums[1] = TOps.Sum(s01); sums[2] = TOps.Sum(s02); sums[3] = TOps.Sum(s03);
        sums[4] = TOps.Sum(s10); sums[5] = TOps.Sum(s11); sums[6] = TOps.Sum(s12); sums[7] = TOps.Sum(s13);
        sums[8] = TOps.Sum(s20); sums[9] = TOps.Sum(s21); sums[10] = TOps.Sum(s22); sums[11] = TOps.Sum(s23);
        sums[12] = TOps.Sum(s30); sums[13] = TOps.Sum(s31); sums[14] = TOps.Sum(s32); sums[15] = TOps.Sum(s33);
    }
}
