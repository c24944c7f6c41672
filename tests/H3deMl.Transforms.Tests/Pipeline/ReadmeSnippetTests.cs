using H3deMl.Core.Volumes;
using H3deMl.Tensors;
using H3deMl.Transforms.Conversion;
using H3deMl.Transforms.Targets;
using H3deMl.Transforms.Tests.Helpers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Transforms.Tests.Pipeline;

/// <summary>The README's "Preparing data" snippet, on small phantoms instead of the mouse atlas, so that it keeps compiling and working.</summary>
public sealed class ReadmeSnippetTests
{
    [Fact]
    public void PreparingDataSnippet_Runs()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.GeneratePhantoms(5, seed: 1, Phantoms.Small);
        DataOperationsCatalog.TrainTestData split = ml.Data.TrainTestSplit(data, testFraction: 0.4, seed: 1);
        var prepare = ml.Transforms.LoadVolume()
            .Append(ml.Transforms.NormalizeIntensity(min: -1000, max: 2000))
            .Append(ml.Transforms.RandomFlip(), TransformerScope.Training)
            .Append(ml.Transforms.RandomCrop(32, 32, 16), TransformerScope.Training)
            .Append(ml.Transforms.CenterCrop(32, 32, 16), TransformerScope.Testing | TransformerScope.Scoring)
            .Append(ml.Transforms.EncodeAnchorTargets(), TransformerScope.Training);
        var model = prepare.Fit(split.TrainSet);

        IDataView training = model.GetModelFor(TransformerScope.Training).Aggregate(split.TrainSet, (view, step) => step.Transform(view));
        int rows = 0;
        using (DataViewRowCursor cursor = training.GetRowCursor(training.Schema, new Random(0))) // a new Random per epoch
        {
            var volume = cursor.GetGetter<Volume>(training.Schema[ScanColumnNames.Volume]);
            var anchors = cursor.GetGetter<AnchorTargets>(training.Schema[ScanColumnNames.AnchorTargets]);
            Volume crop = null!;
            AnchorTargets targets = null!;
            while (cursor.MoveNext())
            {
                volume(ref crop);
                anchors(ref targets);
                Tensor input = VolumeTensor.ToNetworkInput(crop);
                var world = crop.Geometry.IndexToWorld(new(16, 16, 8));
                Assert.Equal([1, 32, 32, 16], input.Shape.ToArray());
                Assert.Equal([4, 13, 8, 8, 4], targets.Classification.Shape.ToArray());
                Assert.True(world.IsFinite);
                rows++;
            }
        }

        IDataView evaluated = model.Transform(split.TestSet); // the scoring steps only
        Assert.Null(evaluated.Schema.GetColumnOrNull(ScanColumnNames.AnchorTargets));
        List<OutputRow> tested = OutputRow.ReadAll(evaluated);
        Assert.Equal(5, rows + tested.Count);
        Assert.True(rows > 0 && tested.Count > 0, $"{rows} training and {tested.Count} test rows");
        Assert.All(tested, r => Assert.Equal(new Core.Geometry.VolumeSize(32, 32, 16), r.Volume.Size));
    }
}
