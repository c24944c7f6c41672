using Microsoft.ML;

namespace H3deMl.Core.MLNet;

/// <summary>Prepares other data the way the steps before a trainer prepared its training data, in their scoring form
/// (training-only steps skipped): how a trainer prepares its validation scans.</summary>
internal static class ScanPipelineReplay
{
    /// <summary>Applies the H3deMl steps that produced <paramref name="prepared"/> to <paramref name="raw"/>.</summary>
    /// <remarks>Only H3deMl steps are found (walking back from the trainer's input until another kind of view); data
    /// prepared by other ML.NET steps must be given to the trainer already prepared.</remarks>
    public static IDataView Replay(IDataView prepared, IDataView raw) =>
        Steps(prepared).Where(s => !s.Mapping.TrainingOnly).Aggregate(raw, (data, step) => step.Transform(data));

    /// <summary>The H3deMl steps that produced <paramref name="prepared"/>, first to last.</summary>
    public static IReadOnlyList<ScanTransformerBase> Steps(IDataView prepared)
    {
        var steps = new Stack<ScanTransformerBase>();
        IDataView view = prepared;
        while (view is ScanMappedDataView mapped)
        {
            steps.Push(mapped.Step);
            view = mapped.Input;
        }

        return [.. steps];
    }
}
