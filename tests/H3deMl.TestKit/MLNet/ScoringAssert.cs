using H3deMl.Core.Volumes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace H3deMl.TestKit.MLNet;

/// <summary>What a step does at scoring: through its row-to-row mapper (what prediction engines run) and in a chain's
/// scoring model.</summary>
public static class ScoringAssert
{
    /// <summary>Reads every row of <paramref name="data"/> through the transformer's row-to-row mapper.</summary>
    public static List<object?[]> MapRows(ITransformer transformer, IDataView data)
    {
        IRowToRowMapper mapper = transformer.GetRowToRowMapper(data.Schema);
        DataViewSchema.Column[] outputs = ColumnValues.Visible(mapper.OutputSchema);
        var rows = new List<object?[]>();
        using DataViewRowCursor cursor = data.GetRowCursor(mapper.GetDependencies(outputs));
        using DataViewRow row = mapper.GetRow(cursor, outputs);
        Func<object?>[] getters = [.. outputs.Select(c => ColumnValues.For(row, c))];
        while (cursor.MoveNext())
        {
            rows.Add([.. getters.Select(g => g())]);
        }

        return rows;
    }

    /// <summary>Asserts that a training-only step changes nothing at scoring: its mapper passes rows through, a prediction
    /// engine returns the input volume, and a chain fitted with <see cref="TransformerScope.Training"/> skips it in
    /// <c>Transform</c> (ML.NET runs the scoring-scope transformers there; also after a save and load) while applying its
    /// transformers one by one, as <c>EstimatorChain.Fit</c> feeds the next estimator, still runs it.</summary>
    public static void IsIdentity<TTransformer>(MLContext ml, TTransformer transformer, IEstimator<TTransformer> estimator, IDataView data, Func<object, object, bool>? valueEquality = null)
        where TTransformer : class, ITransformer
    {
        IRowToRowMapper mapper = transformer.GetRowToRowMapper(data.Schema);
        Assert.Equal(data.Schema.Select(c => (c.Name, c.Type)), mapper.OutputSchema.Select(c => (c.Name, c.Type)));
        string[] names = [.. ColumnValues.Visible(data.Schema).Select(c => c.Name)];
        List<object?[]> input = ColumnValues.ReadAll(data);
        SameValues.AssertRows(input, MapRows(transformer, data), names, "training-only mapper");

        SchemaDefinition definition = ScanRowDefinition(data.Schema);
        ScanInputRow first = ml.Data.CreateEnumerable<ScanInputRow>(data, reuseRowObject: false, schemaDefinition: definition).First();
        using PredictionEngine<ScanInputRow, VolumeRow> engine = ml.Model.CreatePredictionEngine<ScanInputRow, VolumeRow>(transformer, inputSchemaDefinition: definition);
        Volume predicted = engine.Predict(first).Volume!;
        Assert.True(SameValues.Equal(first.Volume, predicted), "the prediction engine changed the volume");

        TransformerChain<TTransformer> chain = new EstimatorChain<ITransformer>().Append(estimator, TransformerScope.Training).Fit(data);
        var loaded = (TransformerChain<ITransformer>)EstimatorWorkout.RoundTrip(ml, chain, data.Schema);
        foreach (ITransformer scoring in new ITransformer[] { chain, loaded, chain.GetModelFor(TransformerScope.Scoring), chain.GetModelFor(TransformerScope.Testing) })
        {
            SameValues.AssertRows(input, ColumnValues.ReadAll(scoring.Transform(data)), names, "chain with the step in training scope");
        }

        Assert.Empty(chain.GetModelFor(TransformerScope.Scoring));
        IDataView trained = transformer.Transform(data);
        SameValues.AssertRows(
            ColumnValues.ReadAll(trained),
            ColumnValues.ReadAll(loaded.Aggregate(data, (view, t) => t.Transform(view))),
            [.. ColumnValues.Visible(trained.Schema).Select(c => c.Name)],
            "loaded chain's transformers applied one by one",
            valueEquality);
    }

    /// <summary>Maps <see cref="ScanInputRow"/> onto a schema's scan columns (the landmark vector sized as there).</summary>
    private static SchemaDefinition ScanRowDefinition(DataViewSchema schema)
    {
        SchemaDefinition definition = SchemaDefinition.Create(typeof(ScanInputRow));
        if (schema.GetColumnOrNull(ScanColumnNames.Landmarks) is { } landmarks)
        {
            definition[nameof(ScanInputRow.Landmarks)].ColumnType = landmarks.Type;
        }
        else
        {
            definition.Remove(definition[nameof(ScanInputRow.Landmarks)]);
        }

        return definition;
    }

    private sealed class ScanInputRow
    {
        public float[] Landmarks { get; set; } = [];

        [VolumeType]
        public Volume? Volume { get; set; }
    }

    private sealed class VolumeRow
    {
        [VolumeType]
        public Volume? Volume { get; set; }
    }
}
