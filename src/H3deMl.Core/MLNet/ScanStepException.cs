namespace H3deMl;

/// <summary>A pipeline step failed on a case; the inner exception is the original error.</summary>
public sealed class ScanStepException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="stepName">The step that failed.</param>
    /// <param name="caseId">The case it failed on.</param>
    /// <param name="innerException">The original error.</param>
    public ScanStepException(string stepName, string caseId, Exception innerException)
        : base($"{stepName} failed on case '{caseId}': {innerException?.Message}", innerException)
    {
        StepName = stepName;
        CaseId = caseId;
    }

    /// <summary>The step that failed.</summary>
    public string StepName { get; }

    /// <summary>The case it failed on.</summary>
    public string CaseId { get; }
}
