using H3deMl.Core.MLNet;
using H3deMl.Trainers.Model;
using Microsoft.ML;

namespace H3deMl.Onnx.Export;

/// <summary>The trained network of a pipeline and the scoring steps that run before it.</summary>
/// <param name="Network">The trained H3DE-Net.</param>
/// <param name="Preprocessing">The H3deMl steps before it that act at scoring (training-only steps are left out).</param>
internal sealed record ExportedPipeline(H3deNetModel Network, IReadOnlyList<ScanTransformerBase> Preprocessing)
{
    /// <exception cref="ArgumentException">The pipeline holds no trained H3DE-Net.</exception>
    public static ExportedPipeline Find(ITransformer model)
    {
        H3deNetModel network = model.GetH3deNetModel();
        var steps = new List<ITransformer>();
        Flatten(model, steps);
        int index = steps.LastIndexOf(network);
        ScanTransformerBase[] before = [.. steps.Take(Math.Max(0, index)).OfType<ScanTransformerBase>().Where(s => !s.Mapping.TrainingOnly)];
        return new ExportedPipeline(network, before);
    }

    private static void Flatten(ITransformer model, List<ITransformer> steps)
    {
        if (model is IEnumerable<ITransformer> chain)
        {
            foreach (ITransformer step in chain)
            {
                Flatten(step, steps);
            }
        }
        else
        {
            steps.Add(model);
        }
    }
}
