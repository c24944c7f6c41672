using H3deMl.Core.Data;
using H3deMl.Tensors.Serialization;

namespace H3deMl.Core.Pipeline;

/// <summary>Model files: saving a fitted pipeline, loading it back, and creating prediction engines (<c>ml.Model</c>).</summary>
public sealed class ScanModelCatalog
{
    internal ScanModelCatalog(H3deContext context) => Context = context;

    /// <summary>The context the catalog belongs to (for extension methods of later layers).</summary>
    public H3deContext Context { get; }

    /// <summary>Saves a fitted pipeline (or a single step) as a model zip, atomically (written beside, then moved).</summary>
    /// <param name="model">The fitted chain or step.</param>
    /// <param name="path">The output file, usually <c>*.zip</c>.</param>
    /// <param name="landmarkNames">The landmark names to record; null takes them from the chain.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(IScanTransformer model, string path, IReadOnlyList<string>? landmarkNames = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        ScanModelFile.Save(model, landmarkNames, path);
    }

    /// <summary>Saves a fitted pipeline (or a single step) as a model zip into a stream.</summary>
    /// <param name="model">The fitted chain or step.</param>
    /// <param name="stream">A writable stream; left open.</param>
    /// <param name="landmarkNames">The landmark names to record; null takes them from the chain.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="stream"/> is null.</exception>
    public void Save(IScanTransformer model, Stream stream, IReadOnlyList<string>? landmarkNames = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        ScanModelFile.Write(model, landmarkNames, stream);
    }

    /// <summary>Loads a model zip written by <see cref="Save(IScanTransformer, string, IReadOnlyList{string}?)"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <returns>The fitted chain with every step restored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a model, is damaged, exceeds the limits for untrusted
    /// files, has an unknown format version, or names a step type no loaded assembly can read.</exception>
    public ScanTransformerChain<IScanTransformer> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ScanModelFile.Read(Context, file, path);
    }

    /// <summary>Loads a model zip from a stream.</summary>
    /// <param name="stream">A readable stream; left open.</param>
    /// <returns>The fitted chain with every step restored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ModelFormatException">The content is not a valid model file (see <see cref="Load(string)"/>).</exception>
    public ScanTransformerChain<IScanTransformer> Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ScanModelFile.Read(Context, stream, "(stream)");
    }

    /// <summary>Creates an engine that predicts landmarks for one scan at a time with the model's scoring steps.</summary>
    /// <param name="model">A fitted chain (or step) ending with a trained landmark model.</param>
    /// <returns>The engine.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public ScanPredictionEngine CreatePredictionEngine(IScanTransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new ScanPredictionEngine(Context, model);
    }
}
