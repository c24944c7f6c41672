using H3deMl.Core.Volumes;

namespace H3deMl.Onnx.Tests.MLNet;

/// <summary>A scan with network outputs another runtime computed, as ML.NET rows (float arrays become vector columns).</summary>
public sealed class DecodeRow
{
    /// <summary>The window the network ran on.</summary>
    [VolumeType]
    public Volume? Volume { get; set; }

    /// <summary>The heatmap output, flattened.</summary>
    public float[] heatmap { get; set; } = [];

    /// <summary>The anchor output, flattened.</summary>
    public float[] anchors { get; set; } = [];
}
