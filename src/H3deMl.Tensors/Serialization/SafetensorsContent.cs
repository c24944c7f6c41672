namespace H3deMl.Tensors.Serialization;

/// <summary>The tensors and metadata read from a safetensors file by <see cref="SafetensorsReader"/>.</summary>
public sealed class SafetensorsContent
{
    internal SafetensorsContent(string source, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Source = source;
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The file path, or the description given for a stream.</summary>
    public string Source { get; }

    /// <summary>The tensors by name, as float32, in the order of their data in the file.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The <c>__metadata__</c> entries (string to string), in file order; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
