namespace H3deMl;

/// <summary>
/// The shape of an <see cref="Trainers.Network.H3deNet"/>: widths, depths, attention windows and routing, heads. <see cref="Reference"/>
/// is the published network (H3DE-NET.md §1); smaller configurations train quickly in tests and samples.
/// </summary>
public sealed record H3deNetArchitecture
{
    /// <summary>Input channels (1 for CT). Default 1.</summary>
    public int InputChannels { get; init; } = 1;

    /// <summary>Number of landmarks N (heatmap channels; anchor classes). Default 14.</summary>
    public int LandmarkCount { get; init; } = 14;

    /// <summary>Channel width of the four encoder stages. Default 64, 128, 256, 512.</summary>
    public IReadOnlyList<int> StageWidths { get; init; } = [64, 128, 256, 512];

    /// <summary>Transformer blocks per stage. Default 2, 2, 4, 2.</summary>
    public IReadOnlyList<int> StageDepths { get; init; } = [2, 2, 4, 2];

    /// <summary>Routed windows kept per query window, per stage. Default 1, 4, 16, 16.</summary>
    public IReadOnlyList<int> TopK { get; init; } = [1, 4, 16, 16];

    /// <summary>Channels per attention head (heads = width / head size). Default 8.</summary>
    public int HeadSize { get; init; } = 8;

    /// <summary>Number of attention windows along the three spatial axes (A0, A1, A2), the same at every stage. Default (4, 4, 2).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(TripleJsonConverter))]
    public (int A0, int A1, int A2) Windows { get; init; } = (4, 4, 2);

    /// <summary>Kernel of the depthwise local positional enhancement on the values (LePE). Default 5.</summary>
    public int LepeKernel { get; init; } = 5;

    /// <summary>Kernel of the depthwise convolutional position embedding before each block. Default 3.</summary>
    public int PositionEmbeddingKernel { get; init; } = 3;

    /// <summary>Hidden width of the block MLP as a multiple of the stage width. Default 4.</summary>
    public int MlpRatio { get; init; } = 4;

    /// <summary>Width of the stem's first convolution. Default 32.</summary>
    public int StemWidth { get; init; } = 32;

    /// <summary>Width of the half-resolution CNN side branch (and of decoder block up3). Default 32.</summary>
    public int HalfResolutionWidth { get; init; } = 32;

    /// <summary>Width of the full-resolution CNN side branch (and of decoder block up4). Default 16.</summary>
    public int FullResolutionWidth { get; init; } = 16;

    /// <summary>The output head(s). Default <see cref="H3deHead.Heatmap"/>.</summary>
    public H3deHead Head { get; init; } = H3deHead.Heatmap;

    /// <summary>Anchors per grid cell of the anchor head. Default 4 (radii 0.5, 0.75, 1, 1.25 cells).</summary>
    public int AnchorsPerCell { get; init; } = 4;

    /// <summary>
    /// Attention scale head_size^−½ instead of the reference's width^−½ (DECISIONS.md §3). Default false, so that
    /// reference weights behave as in the reference.
    /// </summary>
    public bool UseHeadSizeScale { get; init; }

    /// <summary>The published network: 24,468,286 parameters with the heatmap head.</summary>
    public static H3deNetArchitecture Reference => new();

    /// <summary>A small network for tests, samples and quick experiments (about 1.25 M parameters; widths 16/32/64/128).</summary>
    public static H3deNetArchitecture Small => new()
    {
        StageWidths = [16, 32, 64, 128],
        StageDepths = [1, 1, 2, 1],
        TopK = [1, 4, 8, 8],
        Windows = (2, 2, 2),
        StemWidth = 8,
        HalfResolutionWidth = 8,
        FullResolutionWidth = 8,
    };

    /// <summary>
    /// The smallest useful network (about 0.3 M parameters with 13 landmarks): widths 8/16/32/64, one block per stage.
    /// It localises the small synthetic phantoms to about a voxel in a few hundred steps, for tests and the QuickStart.
    /// </summary>
    public static H3deNetArchitecture Tiny => Small with { StageWidths = [8, 16, 32, 64], StageDepths = [1, 1, 1, 1] };

    /// <summary>The factor by which each spatial axis must be divisible (the encoder's total stride).</summary>
    public const int TotalStride = 32;

    /// <summary>The stride of the anchor grid relative to the input.</summary>
    public const int AnchorStride = 4;

    /// <summary>Checks every value; called by the network and trainer constructors.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (the message names it).</exception>
    public void Validate()
    {
        Positive(InputChannels, nameof(InputChannels));
        Positive(LandmarkCount, nameof(LandmarkCount));
        if (StageWidths.Count != 4 || StageDepths.Count != 4 || TopK.Count != 4)
            throw new ArgumentOutOfRangeException(nameof(StageWidths), "StageWidths, StageDepths and TopK need exactly four values (one per stage).");
        Positive(HeadSize, nameof(HeadSize));
        for (var i = 0; i < 4; i++)
        {
            Positive(StageWidths[i], $"{nameof(StageWidths)}[{i}]");
            if (StageWidths[i] % HeadSize != 0)
                throw new ArgumentOutOfRangeException(nameof(StageWidths), StageWidths[i], $"Stage width {StageWidths[i]} is not a multiple of the head size {HeadSize}.");
            if (StageDepths[i] < 0) throw new ArgumentOutOfRangeException(nameof(StageDepths), StageDepths[i], "Depths must not be negative.");
            var windows = Windows.A0 * Windows.A1 * Windows.A2;
            if (TopK[i] < 1 || TopK[i] > windows)
                throw new ArgumentOutOfRangeException(nameof(TopK), TopK[i], $"Top-k must be between 1 and the number of windows ({windows}).");
        }
        Positive(Windows.A0, nameof(Windows));
        Positive(Windows.A1, nameof(Windows));
        Positive(Windows.A2, nameof(Windows));
        Odd(LepeKernel, nameof(LepeKernel));
        Odd(PositionEmbeddingKernel, nameof(PositionEmbeddingKernel));
        Positive(MlpRatio, nameof(MlpRatio));
        Positive(StemWidth, nameof(StemWidth));
        Positive(HalfResolutionWidth, nameof(HalfResolutionWidth));
        Positive(FullResolutionWidth, nameof(FullResolutionWidth));
        Positive(AnchorsPerCell, nameof(AnchorsPerCell));
    }

    private static void Positive(int value, string name)
    {
        if (value < 1) throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
    }

    private static void Odd(int value, string name)
    {
        if (value < 1 || value % 2 == 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive odd kernel size.");
    }
}
