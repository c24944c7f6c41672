using H3deMl.Tensors.Serialization;

namespace H3deMl.Tensors.NN;

public abstract partial class Module
{
    /// <summary>Writes the parameters to a safetensors file, keyed by their dotted paths in state-dict order (see <see cref="SafetensorsWriter"/>).</summary>
    /// <param name="path">The file to write (replaced atomically).</param>
    /// <param name="metadata">String entries for the file's <c>__metadata__</c>, or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void SaveSafetensors(string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafetensorsWriter.Write(path, StateDict(), metadata);

    /// <summary>Writes the parameters in the safetensors format to <paramref name="stream"/> (left open).</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="metadata">String entries for the file's <c>__metadata__</c>, or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream is not writable.</exception>
    /// <exception cref="IOException">The stream cannot be written.</exception>
    public void SaveSafetensors(Stream stream, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafetensorsWriter.Write(stream, StateDict(), metadata);

    /// <summary>Loads the parameters from a safetensors file (see <see cref="LoadStateDict(IReadOnlyDictionary{string, Tensor}, bool)"/> for matching rules).</summary>
    /// <param name="path">The file.</param>
    /// <param name="strict">True (the default) to require the file's tensors to match the parameters exactly.</param>
    /// <returns>The missing and unexpected keys (empty after a strict load).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is malformed (see <see cref="SafetensorsReader"/>).</exception>
    /// <exception cref="StateDictMismatchException">The tensors do not fit this module; every problem is listed and nothing is loaded.</exception>
    public StateDictLoadResult LoadSafetensors(string path, bool strict = true)
    {
        var content = SafetensorsReader.Read(path);
        return LoadStateDict(content.Tensors, strict, path);
    }

    /// <summary>Loads the parameters from a safetensors stream.</summary>
    /// <param name="stream">A readable stream, read from its current position.</param>
    /// <param name="strict">True (the default) to require the tensors to match the parameters exactly.</param>
    /// <param name="sourceName">The name used in error messages (e.g. a zip entry), or null for "(stream)".</param>
    /// <returns>The missing and unexpected keys (empty after a strict load).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ModelFormatException">The content is malformed (see <see cref="SafetensorsReader"/>).</exception>
    /// <exception cref="StateDictMismatchException">The tensors do not fit this module; every problem is listed and nothing is loaded.</exception>
    public StateDictLoadResult LoadSafetensors(Stream stream, bool strict = true, string? sourceName = null)
    {
        var content = SafetensorsReader.Read(stream, sourceName);
        return LoadStateDict(content.Tensors, strict, content.Source);
    }
}
