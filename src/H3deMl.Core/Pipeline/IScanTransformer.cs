using H3deMl.Core.Data;

namespace H3deMl.Core.Pipeline;

/// <summary>A fitted pipeline step: transforms scan rows lazily and can be saved into a model file.</summary>
/// <remarks>
/// <para><b>Contract.</b> <see cref="TransformRow"/> is a pure function of the row and the row context (epoch, row
/// index, cancellation): random steps draw from a stream derived from their component identity, the epoch and the row
/// index (<see cref="ScanRowContext.CreateRandom"/>), so results do not depend on enumeration order or threads. It may be
/// called from several threads at once (prefetch) and must not mutate shared state.</para>
/// <para><b>Persistence.</b> <see cref="Save"/> writes the step's options (and, if needed, extra zip entries such as
/// weights) into the model file; a loader registered under <see cref="StepTypeName"/> with
/// <see cref="ScanStepLoaders.Register"/> restores it.</para>
/// </remarks>
public interface IScanTransformer
{
    /// <summary>The stable name of the step type in model files (e.g. "H3deMl.Transforms.RandomCrop").</summary>
    string StepTypeName { get; }

    /// <summary>The version of the step's saved options written by this build; loaders refuse versions they do not know.</summary>
    int StepVersion { get; }

    /// <summary>Transforms one row.</summary>
    /// <param name="row">The input row.</param>
    /// <param name="context">The epoch, row index and cancellation token.</param>
    /// <returns>The output row.</returns>
    ScanRow TransformRow(ScanRow row, ScanRowContext context);

    /// <summary>Returns a lazy view that applies this step to every row of <paramref name="input"/> when enumerated.</summary>
    /// <param name="input">The input view.</param>
    /// <returns>The transformed view (nothing is computed until it is enumerated).</returns>
    ScanDataView Transform(ScanDataView input);

    /// <summary>Writes the step into a model file.</summary>
    /// <param name="context">Where to write the options and any extra entries.</param>
    void Save(ScanStepSaveContext context);
}
