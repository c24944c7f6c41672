using System.Globalization;
using H3deMl.Trainers.Import;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace H3deMl;

/// <summary><c>ml.Model.ImportPyTorchCheckpoint(...)</c>: a reference PyTorch checkpoint as a complete, savable model.</summary>
public static class PyTorchCheckpointCatalogExtensions
{
    /// <summary>Imports a reference PyTorch checkpoint as a complete model: <c>LoadVolume</c> → <c>NormalizeIntensity</c>
    /// (the preprocessing the weights expect) → the network; <c>ml.Model.Save</c> writes it as an ML.NET zip.</summary>
    /// <param name="catalog">The model catalog (<c>ml.Model</c>).</param>
    /// <param name="path">The checkpoint file (read through a restricted unpickler; anything but tensors is refused).</param>
    /// <param name="options">The preprocessing and decoding; null for the reference's.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The names do not match the checkpoint's landmark count, or an option is invalid.</exception>
    public static TransformerChain<H3deNetModel> ImportPyTorchCheckpoint(this ModelOperationsCatalog catalog, string path, PyTorchImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(path);
        options ??= new PyTorchImportOptions();
        IHostEnvironment env = CatalogUtils.GetEnvironment(catalog);
        options.Architecture?.Validate();
        H3deNet network = H3deNetCheckpointImport.Import(path, options.Architecture, options.Head).Network;
        int n = network.Architecture.LandmarkCount;
        string[] names = options.LandmarkNames?.ToArray() ?? [.. Enumerable.Range(1, n).Select(i => "landmark" + i.ToString(CultureInfo.InvariantCulture))];
        if (names.Length != n)
        {
            throw new ArgumentException($"{Path.GetFileName(path)} has {n} landmarks but {names.Length} names were given.", nameof(options));
        }

        var modelOptions = new H3deNetModelOptions
        {
            Architecture = network.Architecture,
            LandmarkNames = names,
            WindowSize = options.WindowSize,
            PresenceThreshold = options.PresenceThreshold,
            TrainingSummary = new Dictionary<string, string>
            {
                ["importedFrom"] = Path.GetFileName(path),
                ["source"] = "PyTorch checkpoint (reference H3DE-Net weights)",
            },
        };
        modelOptions.Validate();
        var ml = new MLContext();
        ITransformer load = ml.Transforms.LoadVolume().Fit(EmptyScans(ml));
        ITransformer normalize = ml.Transforms.NormalizeIntensity(options.WindowMin, options.WindowMax, 0, options.OutputMax).Fit(load.Transform(EmptyScans(ml)));
        return new TransformerChain<H3deNetModel>([load, normalize, new H3deNetModel(env, network, modelOptions)], [TransformerScope.Everything, TransformerScope.Everything, TransformerScope.Everything]);
    }

    private static IDataView EmptyScans(MLContext ml) => ml.Data.LoadFromEnumerable(Array.Empty<ScanInput>());
}
