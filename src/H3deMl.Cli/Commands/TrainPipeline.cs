using H3deMl.Trainers.Model;
using H3deMl.Transforms.Cropping;
using H3deMl.Transforms.Intensity;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Cli.Commands;

/// <summary>
/// The pipeline <c>h3de train</c> fits: LoadVolume → [NormalizePose, or Resample to --spacing] → NormalizeIntensity → RandomCrop and the
/// head's target encoders (training only, <see cref="TransformerScope.Training"/>) → H3DE-Net. At scoring the saved model
/// loads, resamples and normalises each scan; the network covers it with overlapping windows of the crop size.
/// </summary>
internal static class TrainPipeline
{
    public static EstimatorChain<H3deNetModel> Create(MLContext ml, TrainSettings s, H3deHead head, string? cacheDirectory, H3deNetOptions options)
    {
        EstimatorChain<ITransformer> chain = new EstimatorChain<ITransformer>().Append<ITransformer>(ml.Transforms.LoadVolume(cacheDirectory));
        if (s.NormalizePose)
        {
            chain = chain.Append<ITransformer>(ml.Transforms.NormalizePose(s.SpacingMm));
        }
        else if (s.SpacingMm is { } spacing)
        {
            chain = chain.Append<ITransformer>(ml.Transforms.Resample(spacing));
        }

        chain = chain.Append<ITransformer>(s.Window is { } w
            ? ml.Transforms.NormalizeIntensity(w.Min, w.Max)
            : ml.Transforms.NormalizeIntensity(new IntensityNormalizingOptions { Mode = IntensityNormalizationMode.Percentile }));
        chain = chain.Append<ITransformer>(ml.Transforms.RandomCrop(new RandomCropOptions { SizeI = s.Crop[0], SizeJ = s.Crop[1], SizeK = s.Crop[2] }), TransformerScope.Training);
        if (head != H3deHead.Anchors)
        {
            chain = chain.Append<ITransformer>(ml.Transforms.EncodeHeatmapTargets(s.HeatmapRadiusVoxels), TransformerScope.Training);
        }

        if (head != H3deHead.Heatmap)
        {
            chain = chain.Append<ITransformer>(ml.Transforms.EncodeAnchorTargets(), TransformerScope.Training);
        }

        return chain.Append(ml.Landmarks.Trainers.H3deNet(options));
    }

    /// <summary>Whether some case lacks some landmark (a NaN in its <c>Landmarks</c> vector, or no landmark column at all).</summary>
    public static bool HasMissingLandmarks(IDataView data)
    {
        if (data.Schema.GetColumnOrNull(ScanColumnNames.Landmarks) is not { } column)
        {
            return true;
        }

        using DataViewRowCursor cursor = data.GetRowCursor([column]);
        ValueGetter<VBuffer<float>> get = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> values = default;
        while (cursor.MoveNext())
        {
            get(ref values);
            if (values.DenseValues().Any(float.IsNaN))
            {
                return true;
            }
        }

        return false;
    }
}
