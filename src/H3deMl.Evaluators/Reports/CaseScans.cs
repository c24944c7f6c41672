using H3deMl.Core.Volumes;

namespace H3deMl.Evaluators.Reports;

/// <summary>Where the report finds the scans of the cases it shows slices of.</summary>
internal abstract class CaseScans
{
    /// <summary>Calls <paramref name="visit"/> for each case of <paramref name="caseIds"/> that is found, at most once per
    /// id, in any order, with a function that returns its scan (null when it has none) or throws what loading throws.</summary>
    /// <param name="caseIds">The cases wanted.</param>
    /// <param name="visit">Receives a case id and its scan loader; the loader is valid only during the call.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public abstract void Visit(IReadOnlySet<string> caseIds, Action<string, Func<Volume?>> visit, CancellationToken cancellationToken);

    /// <summary>Scans given by a function of the case id.</summary>
    public static CaseScans FromFunction(Func<string, Volume?> volumeOfCase) => new FunctionScans(volumeOfCase);

    private sealed class FunctionScans(Func<string, Volume?> volumeOfCase) : CaseScans
    {
        public override void Visit(IReadOnlySet<string> caseIds, Action<string, Func<Volume?>> visit, CancellationToken cancellationToken)
        {
            foreach (string id in caseIds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                visit(id, () => volumeOfCase(id));
            }
        }
    }
}
