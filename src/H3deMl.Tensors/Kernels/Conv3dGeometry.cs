namespace H3deMl.Tensors.Kernels;

/// <summary>
/// The sizes of one 3D convolution in NCDHW layout: input (N, Cin, D, H, W), weight (Cout, Cin/Groups, KD, KH, KW),
/// output (N, Cout, OD, OH, OW) with O = (I + 2P − K) / S + 1 on each axis. Dilation is 1.
/// </summary>
internal readonly record struct Conv3dGeometry(
    int Batch, int InChannels, int D, int H, int W,
    int OutChannels, int KD, int KH, int KW,
    int SD, int SH, int SW,
    int PD, int PH, int PW,
    int Groups)
{
    internal int OD => (D + 2 * PD - KD) / SD + 1;
    internal int OH => (H + 2 * PH - KH) / SH + 1;
    internal int OW => (W + 2 * PW - KW) / SW + 1;
    internal int InPerGroup => InChannels / Groups;
    internal int OutPerGroup => OutChannels / Groups;
    internal int KernelVolume => KD * KH * KW;
    internal int InputLength => Batch * InChannels * D * H * W;
    internal int OutputLength => Batch * OutChannels * OD * OH * OW;
    internal int WeightLength => OutChannels * InPerGroup * KernelVolume;
    internal bool IsDepthwise => Groups == InChannels && Groups == OutChannels;

    /// <summary>Multiply-accumulates of the forward pass.</summary>
    internal long Macs => (long)Batch * OutChannels * OD * OH * OW * InPerGroup * KernelVolume;
}
