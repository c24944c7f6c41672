using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace H3deMl.Core.MLNet;

/// <summary>The base of H3deMl's ML.NET transformers: a row-wise step over scan columns, saved into ML.NET model zips.</summary>
/// <remarks>ML.NET's own transformer base classes cannot be derived from outside ML.NET, so H3deMl implements
/// <see cref="ITransformer"/> here once, on public API: <see cref="Transform"/> returns a lazy view, and
/// <see cref="GetRowToRowMapper"/> gives prediction engines the same row function (or the identity, for training-only
/// steps; see <c>ScanRowMapping.TrainingOnly</c>).</remarks>
public abstract class ScanTransformerBase : ITransformer
{
    private protected ScanTransformerBase(IHostEnvironment environment, string name)
    {
        Host = Contracts.CheckRef(environment, nameof(environment)).Register(name);
    }

    /// <summary>Always true: every step maps rows one by one.</summary>
    public bool IsRowToRowMapper => true;

    internal IHost Host { get; }

    internal abstract ScanRowMapping Mapping { get; }

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        Host.CheckValue(inputSchema, nameof(inputSchema));
        return Mapping.OutputSchema(inputSchema, out _);
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        Host.CheckValue(input, nameof(input));
        return new ScanMappedDataView(input, this);
    }

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        Host.CheckValue(inputSchema, nameof(inputSchema));
        return new ScanRowMapper(inputSchema, Mapping);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        Host.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel();
        ctx.SetVersionInfo(VersionInfo);
        SaveModel(ctx);
    }

    private protected abstract VersionInfo VersionInfo { get; }

    private protected abstract void SaveModel(ModelSaveContext ctx);
}
