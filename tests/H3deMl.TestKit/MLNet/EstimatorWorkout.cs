using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace H3deMl.TestKit.MLNet;

/// <summary>Checks an estimator the way ML.NET's <c>TestEstimatorCore</c> does, plus what H3deMl promises of its steps:
/// fit and transform (every column of every row read); schema propagation matches the real schema; a wrong column type
/// is refused at <c>Fit</c> and at <c>GetOutputSchema</c> naming the column; a model zip round trip gives bit-identical
/// output; and a training-only step is the identity at scoring.</summary>
public static class EstimatorWorkout
{
    /// <summary>Runs the workout.</summary>
    /// <typeparam name="TTransformer">The transformer type.</typeparam>
    /// <param name="ml">The context the estimator was made with.</param>
    /// <param name="estimator">The estimator.</param>
    /// <param name="data">Training data (small: it is read several times).</param>
    /// <param name="options">What to expect; null for a scoring step reading <c>Volume</c>.</param>
    /// <returns>The fitted transformer.</returns>
    public static TTransformer Run<TTransformer>(MLContext ml, IEstimator<TTransformer> estimator, IDataView data, WorkoutOptions? options = null)
        where TTransformer : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new WorkoutOptions();

        // (a, b) Fit, transform, read every output column of every row.
        TTransformer transformer = estimator.Fit(data);
        IDataView transformed = transformer.Transform(data);
        string[] names = [.. ColumnValues.Visible(transformed.Schema).Select(c => c.Name)];
        List<object?[]> expected = ColumnValues.ReadAll(transformed);
        Assert.NotEmpty(expected);

        // (c) The promised schema is the real one.
        SchemaShape promised = estimator.GetOutputSchema(SchemaShapes.Of(data.Schema));
        SchemaAssert.Matches(promised, transformed.Schema);
        SchemaAssert.Matches(promised, transformer.GetOutputSchema(data.Schema));

        // (d) A wrong column type is refused, naming the column.
        IDataView bad = TextColumnData.Create(ml, options.RequiredColumn);
        AssertRefused(() => estimator.Fit(bad), options.RequiredColumn, "Fit");
        AssertRefused(() => estimator.GetOutputSchema(SchemaShapes.Of(bad.Schema)), options.RequiredColumn, "GetOutputSchema");

        // (e) Save and load: the loaded transformer gives bit-identical output, also for a shuffled pass.
        ITransformer loaded = RoundTrip(ml, transformer, data.Schema);
        Assert.IsType<TTransformer>(loaded);
        SameValues.AssertRows(expected, ColumnValues.ReadAll(loaded.Transform(data)), names, "loaded model", options.ValueEquality);
        SameValues.AssertRows(
            ColumnValues.ReadAll(transformer.Transform(data), new Random(3)),
            ColumnValues.ReadAll(loaded.Transform(data), new Random(3)),
            names,
            "loaded model, shuffled pass",
            options.ValueEquality);

        // (f) Scoring: a training-only step is the identity; any other step maps rows as Transform does.
        if (options.TrainingOnly)
        {
            ScoringAssert.IsIdentity(ml, transformer, estimator, data, options.ValueEquality);
        }
        else
        {
            SameValues.AssertRows(expected, ScoringAssert.MapRows(transformer, data), names, "row-to-row mapper", options.ValueEquality);
        }

        return transformer;
    }

    /// <summary>Saves <paramref name="transformer"/> into a model zip and loads it back with a fresh context.</summary>
    public static ITransformer RoundTrip(MLContext ml, ITransformer transformer, DataViewSchema inputSchema)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(transformer, inputSchema, stream);
        stream.Position = 0;
        return new MLContext(seed: 12345).Model.Load(stream, out _);
    }

    private static void AssertRefused(Action action, string column, string where)
    {
        Exception e = Assert.ThrowsAny<Exception>(action);
        Assert.True(e is ArgumentException or InvalidOperationException, $"{where}: {e.GetType().Name}: {e.Message}");
        Assert.True(e.Message.Contains($"'{column}'", StringComparison.Ordinal), $"{where}: the message does not name column '{column}': {e.Message}");
    }
}
