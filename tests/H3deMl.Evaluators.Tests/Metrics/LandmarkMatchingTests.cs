using H3deMl.Evaluators.Tests.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using static H3deMl.Evaluators.Tests.Data.EvaluationData;

namespace H3deMl.Evaluators.Tests.Metrics;

/// <summary>How <c>ml.Landmarks.Evaluate</c> matches the label and score columns, and which schemas it refuses.</summary>
public sealed class LandmarkMatchingTests
{
    [Fact]
    public void Evaluate_ScoreColumnInAnotherOrder_MatchesByName()
    {
        TestCase c = Case("c", [Present("a", 0, 0, 0), Present("b", 10, 0, 0)], [Present("b", 10, 0, 2), Present("a", 0, 1, 0), Present("extra", 5, 5, 5)]);

        LandmarkDetectionMetrics m = Evaluate([c]);

        Assert.Equal([("a", 1.0), ("b", 2.0)], m.Errors.Select(e => (e.Landmark, e.ErrorMm)));
        Assert.Equal(0.75, m.Errors[0].PresenceProbability);
        Assert.Equal(["a", "b"], m.Landmarks.Select(l => l.Landmark));
        Assert.Empty(m.UnmatchedLabelLandmarks);
        Assert.Equal(["extra"], m.UnmatchedScoreLandmarks);
    }

    [Fact]
    public void Evaluate_PresenceColumnsFollowTheScoreColumnsOrder()
    {
        // The score column lists b before a; b is declared absent (probability 0.25), a present (0.75).
        TestCase c = Case("c", [Present("a", 0, 0, 0), Present("b", 0, 0, 0)], [Absent("b", 0, 0, 2), Present("a", 0, 1, 0)]);

        LandmarkDetectionMetrics m = Evaluate([c]);

        Assert.Equal([("a", true, 0.75), ("b", false, 0.25)], m.PresenceDecisions.Select(d => (d.Landmark, d.IsPredictedPresent, d.PresenceProbability)));
        Assert.Equal(new PresenceMetrics(1, 0, 0, 1), m.Presence);
    }

    [Fact]
    public void Evaluate_ScoreLacksALandmark_EvaluatesTheOthersAndListsIt()
    {
        TestCase c = Case("case7", [Present("a", 0, 0, 0), Present("b", 0, 0, 0)], [Present("a", 0, 0, 1)]);

        LandmarkDetectionMetrics m = Evaluate([c]);

        Assert.Equal(["a"], m.Landmarks.Select(l => l.Landmark));
        Assert.Equal(["b"], m.UnmatchedLabelLandmarks);
        Assert.Equal(1.0, m.MreMm);
        Assert.Contains("Not evaluated     label only: b; score only: none", m.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_DisjointNames_IsRefusedListingBoth()
    {
        TestCase c = Case("c", [Present("nasion", 0, 0, 0), Present("sella", 0, 0, 0)], [Present("1", 0, 0, 0), Present("2", 0, 0, 0)]);

        var e = Assert.Throws<ArgumentException>(() => Evaluate([c]));

        Assert.Contains("'Landmarks' (nasion, sella)", e.Message, StringComparison.Ordinal);
        Assert.Contains("'PredictedLandmarks' (1, 2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NameTwiceInAColumn_IsRefused()
    {
        TestCase c = Case("c", [Present("a", 0, 0, 0)], [Present("a", 0, 0, 0), Present("a", 1, 0, 0)]);

        var e = Assert.Throws<ArgumentException>(() => Evaluate([c]));

        Assert.Contains("'PredictedLandmarks'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'a' twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoSlotNames_MatchesByPosition()
    {
        var rows = new[] { new UnnamedRow { Truth = [0, 0, 0, 1, 1, 1], Prediction = [0, 0, 3, 1, 1, 1] } };
        IDataView view = Ml().Data.LoadFromEnumerable(rows);

        LandmarkDetectionMetrics m = Ml().Landmarks.Evaluate(view, labelColumnName: "Truth", scoreColumnName: "Prediction");

        Assert.Equal(["1", "2"], m.Landmarks.Select(l => l.Landmark));
        Assert.Equal([3.0, 0.0], m.Errors.Select(e => e.ErrorMm));
        Assert.Equal("row 0", m.Cases[0].CaseId);
    }

    [Fact]
    public void Evaluate_CustomColumnNames_AreRead()
    {
        IDataView view = Ml().Transforms.CopyColumns("Truth", "Landmarks").Append(Ml().Transforms.CopyColumns("Guess", "PredictedLandmarks"))
            .Fit(View(ThreeErrors())).Transform(View(ThreeErrors()));

        LandmarkDetectionMetrics m = Ml().Landmarks.Evaluate(view, labelColumnName: "Truth", scoreColumnName: "Guess");

        Assert.Equal(3.0, m.MreMm, 12);
        Assert.Equal(["n1", "n2"], m.Landmarks.Select(l => l.Landmark));
    }

    [Theory]
    [InlineData("Text", "label", "Landmarks")]
    [InlineData("Double", "score", "PredictedLandmarks")]
    [InlineData("NotTriple", "score", "PredictedLandmarks")]
    public void Evaluate_WrongColumnType_IsRefusedNamingTheColumn(string variant, string role, string column)
    {
        IDataView view = variant switch
        {
            "Text" => Ml().Data.LoadFromEnumerable([new TextLabelRow()]),
            "Double" => Ml().Data.LoadFromEnumerable([new DoubleScoreRow()]),
            _ => Ml().Data.LoadFromEnumerable([new NotTripleRow()]),
        };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ml().Landmarks.Evaluate(view));

        Assert.Contains($"{role} column '{column}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PresenceColumnOfTheWrongSize_IsRefusedNamingTheColumn()
    {
        IDataView view = Ml().Data.LoadFromEnumerable([new WrongPresenceRow()]);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ml().Landmarks.Evaluate(view));

        Assert.Contains("presence probabilities column 'PresenceProbabilities'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoScoreColumn_IsRefusedNamingIt()
    {
        IDataView view = Ml().Transforms.DropColumns("PredictedLandmarks").Fit(View(ThreeErrors())).Transform(View(ThreeErrors()));

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ml().Landmarks.Evaluate(view));

        Assert.Contains("score column 'PredictedLandmarks' is not in the data", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ScanTableWithPredictions_ReadsSlotNamesAndVolumes()
    {
        // Phantoms from ml.Data.GeneratePhantoms carry slot names and volumes; a copy of the truth is a perfect prediction.
        MLContext ml = Ml();
        IDataView phantoms = ml.Data.GeneratePhantoms(2, seed: 4, new Core.Phantoms.PhantomOptions { SizeI = 24, SizeJ = 24, SizeK = 24, SpacingMm = 2 });
        IDataView scored = ml.Transforms.CopyColumns(ScanColumnNames.PredictedLandmarks, ScanColumnNames.Landmarks).Fit(phantoms).Transform(phantoms);

        LandmarkDetectionMetrics m = ml.Landmarks.Evaluate(scored);

        Assert.Equal(["phantom000", "phantom001"], m.Cases.Select(c => c.CaseId));
        Assert.Equal(13, m.Landmarks.Count);
        Assert.Equal(0.0, m.MreMm);
        Assert.All(m.Errors, e => Assert.NotNull(e.ErrorVoxels));
        Assert.Equal(0, m.Presence.FalsePositives + m.Presence.FalseNegatives);
    }

    public sealed class UnnamedRow
    {
        [VectorType(6)]
        public float[] Truth { get; set; } = [];

        [VectorType(6)]
        public float[] Prediction { get; set; } = [];
    }

    public sealed class TextLabelRow
    {
        public string Landmarks { get; set; } = "a";

        [VectorType(3)]
        public float[] PredictedLandmarks { get; set; } = [0, 0, 0];
    }

    public sealed class DoubleScoreRow
    {
        [VectorType(3)]
        public float[] Landmarks { get; set; } = [0, 0, 0];

        [VectorType(3)]
        public double[] PredictedLandmarks { get; set; } = [0, 0, 0];
    }

    public sealed class NotTripleRow
    {
        [VectorType(3)]
        public float[] Landmarks { get; set; } = [0, 0, 0];

        [VectorType(4)]
        public float[] PredictedLandmarks { get; set; } = [0, 0, 0, 0];
    }

    public sealed class WrongPresenceRow
    {
        [VectorType(3)]
        public float[] Landmarks { get; set; } = [0, 0, 0];

        [VectorType(3)]
        public float[] PredictedLandmarks { get; set; } = [0, 0, 0];

        [VectorType(2)]
        public float[] PresenceProbabilities { get; set; } = [1, 1];
    }
}
