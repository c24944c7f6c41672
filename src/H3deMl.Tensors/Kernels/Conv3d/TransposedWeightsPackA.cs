using H3deMl.Tensors.Kernels.GemmImpl;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// Packs the input gradient's A straight from the filters: row ci, column (co, t) = w[co, ci, taps[t]] for filters laid
/// out [co][ci][kvol]. Rows ci…ci+7 of one co are adjacent in w, so a panel reads short contiguous runs; no transposed
/// copy of the filters is made first.
/// </summary>
internal readonly unsafe struct TransposedWeightsPackA(float* w, int cig, int kvol, int* taps, int tapCount) : IPackA
{
    public void Pack(int i0, int mc, int p0, int kc, int mr, float* dst)
    {
        for (var r = 0; r < mc; r += mr)
        {
            var row0 = i0 + r;
            var valid = Math.Min(mr, Math.Min(mc - r, cig - row0));
            var d = dst + (long)r * kc;
            var co = p0 / tapCount;
            var t = p0 - co * tapCount;
            for (var q = 0; q < kc; q++)
            {
                var src = w + ((long)co * cig + row0) * kvol + taps[t];
                var dq = d + q * mr;
                var i = 0;
                for (; i < valid; i++) dq[i] = src[(long)i * kvol];
                for (; i < mr; i++) dq[i] = 0f;
                if (++t == tapCount)
                {
                    t = 0;
                    co++;
                }
            }
        }
    }
}
