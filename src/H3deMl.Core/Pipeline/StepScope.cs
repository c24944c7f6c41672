namespace H3deMl.Core.Pipeline;

/// <summary>When a pipeline step runs: during training, during evaluation, when scoring new scans, or any combination.</summary>
/// <remarks>
/// The meaning is ML.NET's: a step appended with <see cref="Training"/> only (a random crop, target encoding,
/// augmentation) shapes the data the next estimators are fitted on but does not run when the fitted model transforms
/// evaluation data or predicts. <see cref="ScanTransformerChain{TLast}.Transform(Data.ScanDataView)"/> applies the steps
/// whose scope includes <see cref="Evaluation"/>; a <see cref="ScanPredictionEngine"/> applies those whose scope includes
/// <see cref="Scoring"/>.
/// </remarks>
[Flags]
public enum StepScope
{
    /// <summary>Every phase: training, evaluation and scoring (the default of <c>Append</c>).</summary>
    Everything = Training | Evaluation | Scoring,

    /// <summary>Only while fitting the pipeline (the data the following estimators see).</summary>
    Training = 1,

    /// <summary>When the fitted model transforms labelled data for evaluation.</summary>
    Evaluation = 2,

    /// <summary>When the fitted model predicts on new scans (prediction engine).</summary>
    Scoring = 4,
}
