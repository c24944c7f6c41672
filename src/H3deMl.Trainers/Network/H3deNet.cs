using H3deMl.Tensors;
using H3deMl.Tensors.NN;
using H3deMl.Tensors.NN.Init;
using H3deMl.Tensors.NN.Layers;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Trainers.Network;

/// <summary>
/// H3DE-Net: a CNN stem and side branches, four stages of V-BRA transformer blocks, a five-block U-Net decoder, and a
/// heatmap head, an anchor head, or both (H3DE-NET.md §1–§3, DECISIONS.md §1–§3). Parameter names follow the reference
/// module paths (<c>downsample_layers.0.0.weight</c>, <c>stages.2.3.attn.qkv.qkv.weight</c>, <c>up4.conv1.0.weight</c>,
/// <c>final_conv.weight</c>, <c>pre_layer.weight</c>), so reference weights map one to one.
/// </summary>
/// <remarks>
/// Input is (N, channels, A0, A1, A2). Any size is accepted: each spatial axis is padded with zeros at the end to a
/// multiple of <see cref="H3deNetArchitecture.TotalStride"/> and the outputs are cropped back (DECISIONS.md §2).
/// </remarks>
public sealed partial class H3deNet : Module<Tensor, H3deNetOutput>
{
    private readonly ModuleList<Sequential> _downsample;
    private readonly ModuleList<Sequential> _stages;
    private readonly LayerNormLayer[] _stageNorms = new LayerNormLayer[4];
    private readonly DecoderBlock[] _decoder;
    private readonly Sequential? _halfResolution;
    private readonly Sequential? _fullResolution;
    private readonly Conv3dLayer? _heatmapHead;
    private readonly Conv3dLayer? _anchorHead;

    /// <summary>Builds the network with PyTorch's default initialisation (H3DE-NET.md §1.3), driven by <paramref name="random"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An invalid architecture value.</exception>
    public H3deNet(H3deNetArchitecture architecture, RandomStream random)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(random);
        architecture.Validate();
        Architecture = architecture;
        var a = architecture;
        var w = a.StageWidths;
        var needsFullDecoder = a.Head != H3deHead.Anchors;

        _downsample = RegisterModule("downsample_layers", new ModuleList<Sequential>());
        _downsample.Add(new Sequential(
            new Conv3dLayer(a.InputChannels, a.StemWidth, 3, random.Fork("downsample_layers.0.0"), stride: 2, padding: 1),
            new InstanceNorm3dLayer(),
            new GeluLayer(),
            new Conv3dLayer(a.StemWidth, w[0], 3, random.Fork("downsample_layers.0.3"), stride: 2, padding: 1),
            new InstanceNorm3dLayer()));
        for (var i = 1; i < 4; i++)
            _downsample.Add(new Sequential(
                new Conv3dLayer(w[i - 1], w[i], 3, random.Fork($"downsample_layers.{i}.0"), stride: 2, padding: 1),
                new InstanceNorm3dLayer()));

        _stages = RegisterModule("stages", new ModuleList<Sequential>());
        for (var i = 0; i < 4; i++)
        {
            var stage = new Sequential();
            for (var b = 0; b < a.StageDepths[i]; b++)
                stage.Add(new TransformerBlock(w[i], a, a.TopK[i], random.Fork($"stages.{i}.{b}")));
            _stages.Add(stage);
        }
        for (var i = 0; i < 4; i++) _stageNorms[i] = RegisterModule($"norm{i}", new LayerNormLayer(w[i]));

        // The reference applies trunc-normal(0.02) with zero bias to every Linear of the encoder (LayerNorms stay 1/0).
        var init = random.Fork("encoder_linear_init");
        foreach (var stage in _stages)
            foreach (var block in stage.Cast<TransformerBlock>())
                foreach (var linear in block.LinearLayers())
                {
                    Initializers.TruncatedNormal(linear.Weight, init, 0, 0.02);
                    if (linear.Bias is { } bias) Initializers.Zeros(bias);
                }

        var decoderCount = needsFullDecoder ? 5 : 3;
        _decoder = new DecoderBlock[decoderCount];
        _decoder[0] = RegisterModule("up0", new DecoderBlock(w[3], w[2], w[2], random.Fork("up0")));
        _decoder[1] = RegisterModule("up1", new DecoderBlock(w[2], w[1], w[1], random.Fork("up1")));
        _decoder[2] = RegisterModule("up2", new DecoderBlock(w[1], w[0], w[0], random.Fork("up2")));
        if (needsFullDecoder)
        {
            _decoder[3] = RegisterModule("up3", new DecoderBlock(w[0], a.HalfResolutionWidth, a.HalfResolutionWidth, random.Fork("up3")));
            _decoder[4] = RegisterModule("up4", new DecoderBlock(a.HalfResolutionWidth, a.FullResolutionWidth, a.FullResolutionWidth, random.Fork("up4")));
            _halfResolution = RegisterModule("c1", ConvInstanceNormLeakyRelu.Create(a.InputChannels, a.HalfResolutionWidth, random.Fork("c1")));
            _fullResolution = RegisterModule("c2", ConvInstanceNormLeakyRelu.Create(a.InputChannels, a.FullResolutionWidth, random.Fork("c2")));
            _heatmapHead = RegisterModule("final_conv", new Conv3dLayer(a.FullResolutionWidth, a.LandmarkCount, 1, random.Fork("final_conv")));
        }
        if (a.Head != H3deHead.Heatmap)
            _anchorHead = RegisterModule("pre_layer", new Conv3dLayer(w[0], a.AnchorsPerCell * (3 + a.LandmarkCount), 1, random.Fork("pre_layer")));
    }

    /// <summary>Called with intermediate activations ("stage0".."stage3", "up2") during <see cref="Forward"/>; for tests and diagnostics.</summary>
    internal Action<string, Tensor>? Tap { get; set; }

    /// <summary>The architecture this network was built with.</summary>
    public H3deNetArchitecture Architecture { get; }

    /// <summary>Runs the network on x (N, channels, A0, A1, A2).</summary>
    /// <exception cref="ArgumentException">x is not 5-D or has the wrong channel count.</exception>
    public override H3deNetOutput Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 5 || input.Size(1) != Architecture.InputChannels)
            throw new ArgumentException($"H3deNet expects (N, {Architecture.InputChannels}, A0, A1, A2); got {string.Join("×", input.Shape.ToArray())}.", nameof(input));
        int s0 = input.Size(2), s1 = input.Size(3), s2 = input.Size(4);
        int p0 = PadTo(s0), p1 = PadTo(s1), p2 = PadTo(s2);
        var x = p0 == s0 && p1 == s1 && p2 == s2 ? input : Functional.Pad(input, [0, p2 - s2, 0, p1 - s1, 0, p0 - s0]);

        // Intermediates are discarded once consumed (TensorScope.Discard), so a pass holds about what its backward
        // needs; not while a Tap is listening, since the tapped tensors may be read later.
        var discard = Tap is null;
        void Drop(Tensor dead, Tensor? live = null)
        {
            if (discard && (live is null || !live.SharesStorage(dead))) TensorScope.Discard(dead);
        }

        var skips = new Tensor[4];
        var f = x;
        for (var i = 0; i < 4; i++)
        {
            var down = _downsample[i].Forward(f);
            var staged = _stages[i].Forward(down);
            Drop(down, staged);
            var channelsLast = staged.Permute(0, 2, 3, 4, 1).Contiguous();
            Drop(staged, channelsLast);
            var normed = _stageNorms[i].Forward(channelsLast);
            Drop(channelsLast);
            f = normed.Permute(0, 4, 1, 2, 3).Contiguous();
            Drop(normed, f);
            skips[i] = f;
            Tap?.Invoke($"stage{i}", f);
        }
        var d = _decoder[0].Forward(skips[3], skips[2]);
        Drop(skips[3]);
        Drop(skips[2]);
        var d1 = _decoder[1].Forward(d, skips[1]);
        Drop(d);
        Drop(skips[1]);
        var quarter = _decoder[2].Forward(d1, skips[0]);
        Drop(d1);
        Drop(skips[0]);
        Tap?.Invoke("up2", quarter);

        Tensor? heatmap = null, anchors = null;
        if (_heatmapHead is not null)
        {
            var pooled = Functional.AvgPool3d(x, 3, 2, 1);
            var half = _halfResolution!.Forward(pooled);
            Drop(pooled);
            var full = _fullResolution!.Forward(x);
            var h3 = _decoder[3].Forward(quarter, half);
            Drop(half);
            var h = _decoder[4].Forward(h3, full);
            Drop(h3);
            Drop(full);
            var raw = _heatmapHead.Forward(h);
            Drop(h);
            heatmap = Crop(raw, s0, s1, s2);
            Drop(raw, heatmap);
        }
        if (_anchorHead is not null)
        {
            var raw = _anchorHead.Forward(quarter);
            int n = raw.Size(0), g0 = raw.Size(2), g1 = raw.Size(3), g2 = raw.Size(4), k = 3 + Architecture.LandmarkCount;
            var cropped = Crop(raw, Ceil(s0), Ceil(s1), Ceil(s2));
            Drop(raw, cropped);
            (g0, g1, g2) = (cropped.Size(2), cropped.Size(3), cropped.Size(4));
            // Channel = anchor·(3 + N) + k → (N, G0, G1, G2, anchors, 3 + N), as the reference lays it out.
            anchors = cropped.Reshape(n, Architecture.AnchorsPerCell, k, g0, g1, g2).Permute(0, 3, 4, 5, 1, 2).Contiguous();
            Drop(cropped, anchors);
        }
        Drop(quarter);
        if (!ReferenceEquals(x, input)) Drop(x);
        return new H3deNetOutput(heatmap, anchors);
    }

    private static int PadTo(int size) => (size + H3deNetArchitecture.TotalStride - 1) / H3deNetArchitecture.TotalStride * H3deNetArchitecture.TotalStride;

    private static int Ceil(int size) => (size + H3deNetArchitecture.AnchorStride - 1) / H3deNetArchitecture.AnchorStride;

    private static Tensor Crop(Tensor t, int s0, int s1, int s2)
    {
        if (t.Size(2) != s0) t = t.Slice(2, 0, s0);
        if (t.Size(3) != s1) t = t.Slice(3, 0, s1);
        if (t.Size(4) != s2) t = t.Slice(4, 0, s2);
        return t.IsContiguous ? t : t.Contiguous();
    }
}
