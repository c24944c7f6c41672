using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using H3deMl.Tensors;
using H3deMl.Tensors.Autograd;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Prediction;
using H3deMl.Trainers.Refinement;
using H3deMl.Transforms.Conversion;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(H3deNetRefinementModel), null, typeof(SignatureLoadModel), "H3DE-Net refinement model", H3deNetRefinementModel.LoaderSignature)]

namespace H3deMl.Trainers.Refinement;

/// <summary>A trained refinement stage: moves each coarse prediction to where a second network finds the landmark in a
/// full-resolution patch centred on it.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input columns</term><description><c>ScanPath</c> (the original scan is read from it), <c>Volume</c> (its
/// direction orients the patches), <c>PredictedLandmarks</c> (the coarse predictions)</description></item>
/// <item><term>Output columns</term><description><c>PredictedLandmarks</c> (same slot names; hides the coarse column).
/// A landmark without a finite coarse prediction stays as it was. Presence columns pass through unchanged.</description></item>
/// </list>
/// <para>Saved into ML.NET model zips: its options as JSON and its weights as a hashed <c>weights.safetensors</c> entry.</para>
/// </remarks>
public sealed partial class H3deNetRefinementModel : ScanTransformerBase
{
    internal const string LoaderSignature = "H3deNetRefineModel";
    private const string RefinedKey = "H3deNetRefinement.Positions";
    private readonly Lock _lock = new();
    private readonly HeatmapDecoder _decoder;
    private readonly RefinementPatches _patches;

    /// <summary>The same network with other options (the refined-landmark choice made after training).</summary>
    internal H3deNetRefinementModel With(RefinementModelOptions options) => new(Host, Network, options);

    internal H3deNetRefinementModel(IHostEnvironment environment, H3deNet network, RefinementModelOptions options)
        : base(environment, nameof(H3deNetRefinementModel))
    {
        Network = network;
        Options = options;
        network.Eval();
        _decoder = new HeatmapDecoder(options.HeatmapDecodeMinimumVoxels);
        _patches = new RefinementPatches(options, keepOriginals: false);
        Mapping = CreateMapping(options.LandmarkNames, Predict);
    }

    /// <summary>The refinement network.</summary>
    public H3deNet Network { get; }

    /// <summary>The model's options.</summary>
    public RefinementModelOptions Options { get; }

    /// <summary>The landmark names, in output order.</summary>
    public IReadOnlyList<string> LandmarkNames => Options.LandmarkNames;

    internal override ScanRowMapping Mapping { get; }

    /// <summary>The columns before training, for schema propagation.</summary>
    internal static ScanRowMapping ShapeMapping() => CreateMapping([], (row, _) => row);

    private static ScanRowMapping CreateMapping(IReadOnlyList<string> names, Func<ScanRow, ScanRowContext, ScanRow> predict) =>
        new(
            "H3deNetRefinement",
            new ScanInputColumns(ScanColumnNames.Volume, null, ScanColumnNames.ScanPath, FloatVectors: [ScanColumnNames.PredictedLandmarks]),
            _ => [ScanOutputColumn.Floats(ScanColumnNames.PredictedLandmarks, 3 * names.Count, LandmarkColumn.SlotNameAnnotations(names), row => row.GetFeature<float[]>(RefinedKey))],
            _ => [ScanSchemaShape.VectorColumn(ScanColumnNames.PredictedLandmarks, NumberDataViewType.Single, withSlotNames: true)],
            predict);

    private ScanRow Predict(ScanRow row, ScanRowContext context)
    {
        Volume volume = row.RequireVolume("H3deNetRefinement");
        float[] coarse = row.GetFeature<float[]>(ScanColumnNames.PredictedLandmarks);
        if (coarse.Length != 3 * Options.LandmarkNames.Count)
        {
            throw new InvalidOperationException($"H3deNetRefinement: the coarse predictions have {coarse.Length} values; expected {3 * Options.LandmarkNames.Count}.");
        }

        float[] refined = (float[])coarse.Clone();
        Volume? original = null;
        for (int l = 0; l < Options.LandmarkNames.Count; l++)
        {
            var centre = new Vector3d(coarse[3 * l], coarse[(3 * l) + 1], coarse[(3 * l) + 2]);
            if (!centre.IsFinite || !Options.Refines(l))
            {
                continue;
            }

            context.CancellationToken.ThrowIfCancellationRequested();
            original ??= Original(row, context.CancellationToken);
            Vector3d position = Refine(original, volume.Geometry.Direction, centre, l);
            refined[3 * l] = (float)position.X;
            refined[(3 * l) + 1] = (float)position.Y;
            refined[(3 * l) + 2] = (float)position.Z;
        }

        return row.WithFeature(RefinedKey, refined);
    }

    /// <summary>The row's original scan.</summary>
    internal Volume Original(ScanRow row, CancellationToken cancellationToken) => _patches.Original(row, cancellationToken);

    /// <summary>Refines landmark <paramref name="landmark"/> from a patch centred on <paramref name="centreLps"/>.</summary>
    internal Vector3d Refine(Volume original, Matrix3d direction, Vector3d centreLps, int landmark)
    {
        VolumeGeometry geometry = _patches.Geometry(centreLps, direction);
        Volume patch = _patches.Cut(original, geometry);
        int p = Options.PatchSize;
        DecodedLandmark decoded;
        lock (_lock)
        {
            using var scope = new TensorScope();
            using var noGrad = GradMode.NoGrad();
            Tensor heatmap = Network.Forward(VolumeTensor.ToNetworkBatch([patch])).Heatmap!;
            int voxels = p * p * p;
            decoded = _decoder.Decode(heatmap.AsReadOnlySpan().Slice(landmark * voxels, voxels), p, p, p);
        }

        return geometry.IndexToWorld(decoded.IndexIjk);
    }
}
