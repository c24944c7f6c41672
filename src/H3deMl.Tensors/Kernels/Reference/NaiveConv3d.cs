namespace H3deMl.Tensors.Kernels.Reference;

/// <summary>The direct seven-loop convolution: the baseline for tests and benchmarks of <see cref="Conv3dKernels"/>.</summary>
internal static class NaiveConv3d
{
    /// <summary>y = conv(x, w) + bias; <paramref name="bias"/> may be empty. Overwrites y.</summary>
    internal static void Forward(in Conv3dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y)
    {
        int od = g.OD, oh = g.OH, ow = g.OW, cig = g.InPerGroup, cog = g.OutPerGroup;
        for (var n = 0; n < g.Batch; n++)
        for (var co = 0; co < g.OutChannels; co++)
        {
            var grp = co / cog;
            for (var z = 0; z < od; z++)
            for (var yy = 0; yy < oh; yy++)
            for (var xx = 0; xx < ow; xx++)
            {
                var s = bias.IsEmpty ? 0f : bias[co];
                for (var ci = 0; ci < cig; ci++)
                {
                    var cin = grp * cig + ci;
                    for (var kd = 0; kd < g.KD; kd++)
                    {
                        var iz = z * g.SD - g.PD + kd;
                        if ((uint)iz >= (uint)g.D) continue;
                        for (var kh = 0; kh < g.KH; kh++)
                        {
                            var iy = yy * g.SH - g.PH + kh;
                            if ((uint)iy >= (uint)g.H) continue;
                            for (var kw = 0; kw < g.KW; kw++)
                            {
                                var ix = xx * g.SW - g.PW + kw;
                                if ((uint)ix >= (uint)g.W) continue;
                                s += x[(((n * g.InChannels + cin) * g.D + iz) * g.H + iy) * g.W + ix]
                                     * w[(((co * cig + ci) * g.KD + kd) * g.KH + kh) * g.KW + kw];
                            }
                        }
                    }
                }
                y[(((n * g.OutChannels + co) * od + z) * oh + yy) * ow + xx] = s;
            }
        }
    }

    /// <summary>dx = ∂(conv)/∂x applied to dy. Overwrites dx.</summary>
    internal static void BackwardInput(in Conv3dGeometry g, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx)
    {
        dx[..g.InputLength].Clear();
        int od = g.OD, oh = g.OH, ow = g.OW, cig = g.InPerGroup, cog = g.OutPerGroup;
        for (var n = 0; n < g.Batch; n++)
        for (var co = 0; co < g.OutChannels; co++)
        {
            var grp = co / cog;
            for (var z = 0; z < od; z++)
            for (var yy = 0; yy < oh; yy++)
            for (var xx = 0; xx < ow; xx++)
            {
                var gv = dy[(((n * g.OutChannels + co) * od + z) * oh + yy) * ow + xx];
                for (var ci = 0; ci < cig; ci++)
                {
                    var cin = grp * cig + ci;
                    for (var kd = 0; kd < g.KD; kd++)
                    {
                        var iz = z * g.SD - g.PD + kd;
                        if ((uint)iz >= (uint)g.D) continue;
                        for (var kh = 0; kh < g.KH; kh++)
                        {
                            var iy = yy * g.SH - g.PH + kh;
                            if ((uint)iy >= (uint)g.H) continue;
                            for (var kw = 0; kw < g.KW; kw++)
                            {
                                var ix = xx * g.SW - g.PW + kw;
                                if ((uint)ix >= (uint)g.W) continue;
                                dx[(((n * g.InChannels + cin) * g.D + iz) * g.H + iy) * g.W + ix]
                                    += gv * w[(((co * cig + ci) * g.KD + kd) * g.KH + kh) * g.KW + kw];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>dw = ∂(conv)/∂w applied to dy, and dbias = Σ dy per output channel (skipped when empty). Overwrites both.</summary>
    internal static void BackwardWeight(in Conv3dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dw, Span<float> dbias)
    {
        dw[..g.WeightLength].Clear();
        if (!dbias.IsEmpty) dbias[..g.OutChannels].Clear();
        int od = g.OD, oh = g.OH, ow = g.OW, cig = g.InPerGroup, cog = g.OutPerGroup;
        for (var n = 0; n < g.Batch; n++)
        for (var co = 0; co < g.OutChannels; co++)
        {
            var grp = co / cog;
            for (var z = 0; z < od; z++)
            for (var yy = 0; yy < oh; yy++)
            for (var xx = 0; xx < ow; xx++)
            {
                var gv = dy[(((n * g.OutChannels + co) * od + z) * oh + yy) * ow + xx];
                if (!dbias.IsEmpty) dbias[co] += gv;
                for (var ci = 0; ci < cig; ci++)
                {
                    var cin = grp * cig + ci;
                    for (var kd = 0; kd < g.KD; kd++)
                    {
                        var iz = z * g.SD - g.PD + kd;
                        if ((uint)iz >= (uint)g.D) continue;
                        for (var kh = 0; kh < g.KH; kh++)
                        {
                            var iy = yy * g.SH - g.PH + kh;
                            if ((uint)iy >= (uint)g.H) continue;
                            for (var kw = 0; kw < g.KW; kw++)
                            {
                                var ix = xx * g.SW - g.PW + kw;
                                if ((uint)ix >= (uint)g.W) continue;
                                dw[(((co * cig + ci) * g.KD + kd) * g.KH + kh) * g.KW + kw]
                                    += gv * x[(((n * g.InChannels + cin) * g.D + iz) * g.H + iy) * g.W + ix];
                            }
                        }
                    }
                }
            }
        }
    }
}
