using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl.Core.MLNet;

/// <summary>The base of H3deMl's ML.NET estimators: checks the input schema before any data flows and fits a
/// <see cref="ScanTransformerBase"/>.</summary>
/// <typeparam name="TTransformer">The transformer it fits.</typeparam>
public abstract class ScanEstimatorBase<TTransformer> : IEstimator<TTransformer>
    where TTransformer : ScanTransformerBase
{
    private protected ScanEstimatorBase(IHostEnvironment environment, string name)
    {
        Host = Contracts.CheckRef(environment, nameof(environment)).Register(name);
    }

    internal IHost Host { get; }

    /// <summary>The row mapping of the transformer this estimator fits (its columns; the values it learns play no part).</summary>
    internal abstract ScanRowMapping Mapping { get; }

    /// <inheritdoc/>
    public abstract TTransformer Fit(IDataView input);

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        Host.CheckValue(inputSchema, nameof(inputSchema));
        return ScanSchemaShape.Apply(inputSchema, Mapping);
    }
}

/// <summary>An estimator that learns nothing: fitting checks the schema and returns its transformer.</summary>
/// <typeparam name="TTransformer">The transformer.</typeparam>
public abstract class TrivialScanEstimatorBase<TTransformer> : ScanEstimatorBase<TTransformer>
    where TTransformer : ScanTransformerBase
{
    private readonly TTransformer _transformer;

    private protected TrivialScanEstimatorBase(IHostEnvironment environment, string name, TTransformer transformer)
        : base(environment, name)
    {
        _transformer = transformer;
    }

    internal override ScanRowMapping Mapping => _transformer.Mapping;

    /// <summary>Checks the input's columns and returns the transformer (nothing is learned, no row is read).</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The transformer.</returns>
    public override TTransformer Fit(IDataView input)
    {
        Host.CheckValue(input, nameof(input));
        Mapping.Inputs.Check(input.Schema, Mapping.StepName);
        return _transformer;
    }
}
