using System.Globalization;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors.NN;
using H3deMl.Tensors.Serialization;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;

namespace H3deMl.Trainers.Import;

/// <summary><c>ml.Model.ImportPyTorchCheckpoint(...)</c>: a reference PyTorch checkpoint as a trained-model pipeline step.</summary>
public static class PyTorchCheckpointCatalogExtensions
{
    /// <summary>
    /// Imports a reference PyTorch checkpoint (see <see cref="H3deNet.ImportPyTorchCheckpoint(string, H3deHead)"/>) as an
    /// <see cref="H3deNetModel"/> that <c>ml.Model.Save</c> writes as a model zip; the architecture is read from the weights.
    /// </summary>
    /// <param name="catalog">The context's model catalog (<c>ml.Model</c>).</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="head">The head to build, or null to read it from the checkpoint.</param>
    /// <param name="landmarkNames">Names in output-channel order, or null for <c>landmark1</c>…<c>landmarkN</c> (checkpoints do not name their landmarks).</param>
    /// <returns>The model, with default decoding options (128×128×64 window, reference anchor radii, presence threshold 0.5).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="landmarkNames"/> does not have one name per landmark of the checkpoint.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a readable checkpoint.</exception>
    /// <exception cref="StateDictMismatchException">The weights do not fit the network; every problem is listed.</exception>
    public static H3deNetModel ImportPyTorchCheckpoint(this ScanModelCatalog catalog, string path, H3deHead? head = null, IReadOnlyList<string>? landmarkNames = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Wrap(H3deNetCheckpointImport.Import(path, null, head).Network, path, landmarkNames);
    }

    /// <summary>Imports a reference PyTorch checkpoint into a network of the given architecture, as an <see cref="H3deNetModel"/>.</summary>
    /// <param name="catalog">The context's model catalog (<c>ml.Model</c>).</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="architecture">The network to build (see <see cref="H3deNet.ImportPyTorchCheckpoint(string, H3deNetArchitecture)"/>).</param>
    /// <param name="landmarkNames">Names in output-channel order, or null for <c>landmark1</c>…<c>landmarkN</c>.</param>
    /// <returns>The model, with default decoding options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/>, <paramref name="path"/> or <paramref name="architecture"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An invalid architecture value.</exception>
    /// <exception cref="ArgumentException"><paramref name="landmarkNames"/> does not have one name per landmark.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a readable checkpoint.</exception>
    /// <exception cref="StateDictMismatchException">The weights do not fit the network; every problem is listed.</exception>
    public static H3deNetModel ImportPyTorchCheckpoint(this ScanModelCatalog catalog, string path, H3deNetArchitecture architecture, IReadOnlyList<string>? landmarkNames = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Wrap(H3deNet.ImportPyTorchCheckpoint(path, architecture), path, landmarkNames);
    }

    private static H3deNetModel Wrap(H3deNet network, string path, IReadOnlyList<string>? landmarkNames)
    {
        int n = network.Architecture.LandmarkCount;
        var names = landmarkNames?.ToArray() ?? [.. Enumerable.Range(1, n).Select(i => "landmark" + i.ToString(CultureInfo.InvariantCulture))];
        if (names.Length != n)
            throw new ArgumentException($"{Path.GetFileName(path)} has {n} landmarks but {names.Length} names were given.", nameof(landmarkNames));
        return new H3deNetModel(network, new H3deNetModelOptions
        {
            Architecture = network.Architecture,
            LandmarkNames = names,
            TrainingSummary = new Dictionary<string, string>
            {
                ["importedFrom"] = Path.GetFileName(path),
                ["source"] = "PyTorch checkpoint (reference H3DE-Net weights)",
            },
        });
    }
}
