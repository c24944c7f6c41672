namespace H3deMl.Onnx.Decoding;

/// <summary>Options of <c>ml.Transforms.ExtractNetworkInput</c>.</summary>
public sealed record NetworkInputOptions
{
    /// <summary>The output column: a float vector of I·J·K values. Default <c>image</c>, the exported graph's input name,
    /// which ML.NET's <c>ApplyOnnxModel</c> expects as the column name.</summary>
    public string OutputColumnName { get; init; } = "image";

    /// <summary>The volume column read; default <c>Volume</c>.</summary>
    public string VolumeColumnName { get; init; } = ScanColumnNames.Volume;

    /// <summary>The network's fixed input size (I, J, K) voxels (the export's window); each volume must have exactly this size.</summary>
    public required IReadOnlyList<int> Size { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(OutputColumnName, nameof(OutputColumnName));
        ArgumentException.ThrowIfNullOrEmpty(VolumeColumnName, nameof(VolumeColumnName));
        if (Size is not { Count: 3 } || Size.Any(s => s is < 1 or > 4096) || (long)Size[0] * Size[1] * Size[2] > int.MaxValue / 4)
        {
            throw new ArgumentOutOfRangeException(nameof(Size), "The size must be 3 values in [1, 4096] with fewer than 2^29 voxels in all.");
        }
    }
}
