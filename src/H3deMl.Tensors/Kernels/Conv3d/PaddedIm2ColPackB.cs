using System.Runtime.Intrinsics;
using H3deMl.Tensors.Kernels.GemmImpl;
using H3deMl.Tensors.Kernels.Isa;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// A stride-1 <see cref="ConvSource"/> copied once into a zero-padded volume that covers every tap's reach, so that
/// B[(c, t), (z, y, x)] = padded[c, z + tz − minZ, y + ty − minY, x + tx − minX] needs no bounds checks: packing a
/// row is a copy of whole output-row runs. Narrow planes (few columns per row) pack several times faster this way.
/// </summary>
internal readonly unsafe struct PaddedConvSource
{
    /// <summary>Padded volumes above this many floats are not built (the bounds-checked packer is used instead).</summary>
    internal const long MaxFloats = 32L * 1024 * 1024;

    internal readonly float* Padded;
    internal readonly int GZ, GY, GX, PY, PX, Taps;
    internal readonly long PlaneVolume;
    internal readonly int[] TapOffset;

    private PaddedConvSource(float* padded, int gz, int gy, int gx, int py, int px, long planeVolume, int[] tapOffset)
    {
        Padded = padded;
        GZ = gz;
        GY = gy;
        GX = gx;
        PY = py;
        PX = px;
        PlaneVolume = planeVolume;
        TapOffset = tapOffset;
        Taps = tapOffset.Length;
    }

    /// <summary>Whether a source is worth a padded copy: stride 1 and at most <see cref="MaxFloats"/> padded floats.</summary>
    internal static bool Suits(in ConvSource s) => s.SZ == 1 && s.SY == 1 && s.SX == 1 && Floats(s) <= MaxFloats;

    /// <summary>The padded volume's size in floats for a stride-1 source.</summary>
    internal static long Floats(in ConvSource s)
    {
        var (minZ, maxZ) = Range(s.Taps.Z);
        var (minY, maxY) = Range(s.Taps.Y);
        var (minX, maxX) = Range(s.Taps.X);
        return (long)s.Channels * (s.GZ + maxZ - minZ) * (s.GY + maxY - minY) * (s.GX + maxX - minX);
    }

    /// <summary>Builds the padded copy in scratch slot 5 of the calling thread.</summary>
    internal static PaddedConvSource Build(in ConvSource s)
    {
        var (minZ, maxZ) = Range(s.Taps.Z);
        var (minY, maxY) = Range(s.Taps.Y);
        var (minX, maxX) = Range(s.Taps.X);
        int pz = s.GZ + maxZ - minZ, py = s.GY + maxY - minY, px = s.GX + maxX - minX;
        var vol = (long)pz * py * px;
        var padded = ScratchBuffers.Get(5, s.Channels * vol);
        long plane = (long)s.D * s.H * s.W;
        for (var c = 0; c < s.Channels; c++)
        for (var u = 0; u < pz; u++)
        for (var v = 0; v < py; v++)
        {
            var row = padded + c * vol + ((long)u * py + v) * px;
            int iz = u + minZ, iy = v + minY;
            if ((uint)iz >= (uint)s.D || (uint)iy >= (uint)s.H)
            {
                new Span<float>(row, px).Clear();
                continue;
            }
            // Columns [w0, w0 + n) of the row hold source columns [w0 + minX, …); the rest is padding.
            var srow = s.Src + c * plane + ((long)iz * s.H + iy) * s.W;
            var w0 = Math.Max(0, -minX);
            var n = Math.Max(0, Math.Min(px, s.W - minX) - w0);
            for (var w = 0; w < w0; w++) row[w] = 0f;
            ConvSegments.Copy(row + w0, srow + w0 + minX, n);
            for (var w = w0 + n; w < px; w++) row[w] = 0f;
        }
        var offsets = new int[s.Taps.Count];
        for (var t = 0; t < offsets.Length; t++)
            offsets[t] = ((s.Taps.Z[t] - minZ) * py + s.Taps.Y[t] - minY) * px + s.Taps.X[t] - minX;
        return new PaddedConvSource(padded, s.GZ, s.GY, s.GX, py, px, vol, offsets);
    }

    /// <summary>
    /// Splits output positions [j0, j0 + count) into runs within one output row (and one panel of
    /// <paramref name="panel"/>), written as (padded offset, destination offset, length) triples: position j goes to
    /// (j − j0) / panel · panelStride + (j − j0) % panel. <paramref name="runs"/> holds
    /// <see cref="ConvSegments.Capacity"/>(count, panel) ints. Returns the number of runs.
    /// </summary>
    internal int Runs(int j0, int count, int panel, long panelStride, int* runs)
    {
        var n = ConvSegments.Build(GY, GX, 1, 1, 1, j0, count, panel, panelStride, runs);
        // Compact the five-field segments into triples in place: run i's triple never overlaps a later segment.
        for (var i = 0; i < n; i++)
        {
            var e = runs + i * ConvSegments.Fields;
            int z = e[0], y = e[1], x = e[2], len = e[3], at = e[4];
            runs[3 * i] = (z * PY + y) * PX + x;
            runs[3 * i + 1] = at;
            runs[3 * i + 2] = len;
        }
        return n;
    }

    private static (int Min, int Max) Range(int[] v)
    {
        int lo = int.MaxValue, hi = int.MinValue;
        foreach (var x in v)
        {
            lo = Math.Min(lo, x);
            hi = Math.Max(hi, x);
        }
        return (lo, hi);
    }
}

/// <summary>Packs B of a stride-1 implicit-GEMM convolution from a <see cref="PaddedConvSource"/>.</summary>
internal readonly unsafe struct PaddedIm2ColPackB(PaddedConvSource source) : IPackB
{
    public void Pack(int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        var runs = (int*)ScratchBuffers.Get(4, ConvSegments.Capacity(nc, nr));
        var n = source.Runs(j0, nc, nr, (long)kc * nr, runs);
        var c = p0 / source.Taps;
        var t = p0 - c * source.Taps;
        for (var p = 0; p < kc; p++)
        {
            var src = source.Padded + c * source.PlaneVolume + source.TapOffset[t];
            var d = dst + (long)p * nr;
            for (var r = 0; r < n; r++)
            {
                var r3 = runs + 3 * r;
                var len = r3[2];
                if (len == 4) Vector128.Store(Vector128.Load(src + r3[0]), d + r3[1]);
                else ConvSegments.Copy(d + r3[1], src + r3[0], len);
            }
            if (++t == source.Taps)
            {
                t = 0;
                c++;
            }
        }
        ConvSegments.ZeroPanelTail(dst, kc, nc, nr);
    }
}
