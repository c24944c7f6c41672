using H3deMl.Tensors.Kernels.GemmImpl;

namespace H3deMl.Tensors.Kernels.Convolution;

/// <summary>
/// The transformed input and output gradient of the Winograd weight gradient, rearranged for the micro-kernel with
/// the tiles as the reduction index k: V into [e][panel of 32 channels][k][32], dM into [e][panel of 8 outputs][k][8].
/// </summary>
internal readonly unsafe struct WinogradGradientPanels(int m, int channels, int k)
{
    private const int Lanes = WinogradTiling.Lanes;

    internal int RowPanels => (m + 7) / 8;
    internal int ColumnPanels => (channels + Lanes - 1) / Lanes;

    /// <summary>The reduction length: tiles per panel.</summary>
    internal int K => k;

    /// <summary>Floats of V's panels for <paramref name="elements"/> elements.</summary>
    internal long InputLength(int elements) => (long)elements * ColumnPanels * k * Lanes;

    /// <summary>Floats of dM's panels for <paramref name="elements"/> elements.</summary>
    internal long GradientLength(int elements) => (long)elements * RowPanels * k * 8;

    internal float* InputPanel(float* v, int e, int cp) => v + ((long)e * ColumnPanels + cp) * k * Lanes;

    internal float* GradientPanel(float* dm, int e, int rp) => dm + ((long)e * RowPanels + rp) * k * 8;

    /// <summary>
    /// Transposes one block's raw input transform ([e][channel][lane], elements <paramref name="vStride"/> apart, its
    /// first row at column panel <paramref name="cp0"/>) of <paramref name="elements"/> elements into column panels
    /// cp0 .. cp0 + count − 1 at reduction indices k0 .. k0 + 31 (rows past the channels feed discarded sums).
    /// </summary>
    internal void PackInput(float* v, long vStride, int elements, int cp0, int count, int k0, float* vPanels)
    {
        for (var e = 0; e < elements; e++)
        for (var cp = cp0; cp < cp0 + count; cp++)
        {
            var from = v + e * vStride + (long)(cp - cp0) * Lanes * Lanes;
            var to = InputPanel(vPanels, e, cp) + (long)k0 * Lanes;
            for (var i = 0; i < Lanes; i += 8)
            for (var j = 0; j < Lanes; j += 8)
                BlockTranspose.Transpose8x8(from + i * Lanes + j, Lanes, to + j * Lanes + i, Lanes);
        }
    }

    /// <summary>
    /// Transposes one block's raw output-gradient transform ([e][output][lane], its first row at row panel
    /// <paramref name="rp0"/>) into row panels rp0 .. rp0 + count − 1 at reduction indices k0 .. k0 + 31.
    /// </summary>
    internal void PackGradient(float* dm, long mStride, int elements, int rp0, int count, int k0, float* mPanels)
    {
        for (var e = 0; e < elements; e++)
        for (var rp = rp0; rp < rp0 + count; rp++)
        {
            var from = dm + e * mStride + (long)(rp - rp0) * 8 * Lanes;
            var to = GradientPanel(mPanels, e, rp) + (long)k0 * 8;
            for (var j = 0; j < Lanes; j += 8)
                BlockTranspose.Transpose8x8(from + j, Lanes, to + j * 8, 8);
        }
    }
}
