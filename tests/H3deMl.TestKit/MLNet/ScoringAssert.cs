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
    /// engine returns the input volume, and a chain fitted with <see cref="TransformerScope.Training"/> applies it in
    /// <c>Transform</c> but leaves it out of its scoring and testing models (also after a save and load).</summary>
    public static void IsIdentity<TTransformer>(MLContext ml, TTransformer transformer, IEstimator<TTransformer> estimator, IDataView data, Func<object, object, bool>? valueEquality = null)
        where TTransformer : class, ITransformer
    {
        IRowToRowMapper mapper = transformer.GetRowToRowMapper(data.Schema);
        Assert.Equal(data.Schema.Select(c => (c.Name, c.Type)), mapper.OutputSchema.Select(c => (c.Name, c.Type)));
        string[] names = [.. ColumnValues.Visible(data.Schema).Select(c => c.Name)];
        List<object?[]> input = ColumnValues.ReadAll(data);
        SameValues.AssertRows(input, MapRows(transformer, data), names, "training-only mapper");

        Volume volume = ml.Data.CreateEnumerable<VolumeRow>(data, reuseRowObject: false).First().Volume!;
        using PredictionEngine<VolumeRow, VolumeRow> engine = ml.Model.CreatePredictionEngine<VolumeRow, VolumeRow>(transformer);
        Volume predicted = engine.Predict(new VolumeRow { Volume = volume }).Volume!;
        Assert.True(SameValues.Equal(volume, predicted), "the prediction engine changed the volume");

        TransformerChain<TTransformer> chain = new EstimatorChain<ITransformer>().Append(estimator, TransformerScope.Training).Fit(data);
        IDataView trained = transformer.Transform(data);
        SameValues.AssertRows(
            ColumnValues.ReadAll(trained),
            ColumnValues.ReadAll(chain.Transform(data)),
            [.. ColumnValues.Visible(trained.Schema).Select(c => c.Name)],
            "training chain",
            valueEquality);
        var loaded = (TransformerChain<ITransformer>)EstimatorWorkout.RoundTrip(ml, chain, data.Schema);
        foreach (TransformerChain<ITransformer> scoring in new[] { chain.GetModelFor(TransformerScope.Scoring), chain.GetModelFor(TransformerScope.Testing), loaded.GetModelFor(TransformerScope.Scoring) })
        {
            Assert.Empty(scoring);
            SameValues.AssertRows(input, ColumnValues.ReadAll(scoring.Transform(data)), names, "scoring model");
        }
    }

    private sealed class VolumeRow
    {
        [VolumeType]
        public Volume? Volume { get; set; }
    }
}
