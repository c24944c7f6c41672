using H3deMl.Core.Data;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Pipeline;

/// <summary>Predicts landmarks for single scans with a fitted pipeline's scoring steps (<see cref="StepScope.Scoring"/>).</summary>
/// <remarks>
/// <para><b>Contract with trainers.</b> The engine wraps the scan in a <see cref="ScanRow"/> (id "input", volume set,
/// no landmarks), runs every step whose scope includes <see cref="StepScope.Scoring"/>, and returns the row's
/// <see cref="ScanRow.Prediction"/>. The trained model's transformer (H3deMl.Trainers) is the step that sets it, with
/// positions in LPS world millimetres of the given scan (use <see cref="CoordinateMapping"/> to map network output
/// indices back). Steps that need ground truth (random crops, target encoders) must be training-only.</para>
/// <para>An engine is not thread-safe for concurrent <c>Predict</c> calls only insofar as the model's steps are not; the
/// steps of this library are.</para>
/// </remarks>
public sealed class ScanPredictionEngine
{
    private readonly H3deContext _context;
    private readonly IReadOnlyList<ScanChainStep> _steps;

    internal ScanPredictionEngine(H3deContext context, IScanTransformer model)
    {
        _context = context;
        _steps = model is IScanTransformerChain chain ? chain.Steps : [new ScanChainStep(model, StepScope.Everything)];
        LandmarkNames = (model as IScanTransformerChain)?.LandmarkNames ?? [];
    }

    /// <summary>The landmark names of the model's outputs.</summary>
    public IReadOnlyList<string> LandmarkNames { get; }

    /// <summary>Predicts the landmarks of one scan.</summary>
    /// <param name="volume">The scan (any size, spacing and orientation the model's steps accept).</param>
    /// <param name="cancellationToken">Cancels the prediction.</param>
    /// <returns>The predicted landmarks in LPS world millimetres of <paramref name="volume"/>, with presence probabilities.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The model has no step that predicts landmarks.</exception>
    /// <exception cref="PipelineStepException">A step failed; the inner exception says why.</exception>
    public LandmarkPrediction Predict(Volume volume, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ScanRow row = PredictRow(new ScanRow { Id = "input", Volume = volume }, cancellationToken);
        return row.Prediction ?? throw new InvalidOperationException(
            "The model has no step that predicts landmarks; fit a pipeline that ends with a trainer such as ml.Landmarks.Trainers.H3deNet(…).");
    }

    /// <summary>Runs the scoring steps on a row (e.g. one read from a dataset) and returns the transformed row.</summary>
    /// <param name="row">The row.</param>
    /// <param name="cancellationToken">Cancels the prediction.</param>
    /// <returns>The transformed row; <see cref="ScanRow.Prediction"/> is set when the model predicts landmarks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="row"/> is null.</exception>
    /// <exception cref="PipelineStepException">A step failed; the inner exception says why.</exception>
    public ScanRow PredictRow(ScanRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var rowContext = new ScanRowContext(0, 0, cancellationToken, _context);
        foreach (ScanChainStep step in _steps)
        {
            if ((step.Scope & StepScope.Scoring) != 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                row = ScanDataView.RunStep(step.Transformer, row, rowContext);
            }
        }

        return row;
    }
}
