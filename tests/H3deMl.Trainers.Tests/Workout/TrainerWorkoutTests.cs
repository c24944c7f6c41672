using H3deMl.TestKit.MLNet;
using H3deMl.Trainers.Tests.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Trainers.Tests.Workout;

/// <summary>The trainers through the same workout as every transform (fit, read every column, promised schema = real
/// schema, a wrong column type refused naming the column, model zip round trip bit-identical).</summary>
public sealed class TrainerWorkoutTests
{
    [Fact]
    public void H3deNet_Workout()
    {
        var ml = new MLContext(seed: 5);
        IDataView phantoms = ml.Data.GeneratePhantoms(2, seed: 3, TrainingTestKit.Phantoms(32));
        ITransformer prepare = ml.Transforms.LoadVolume()
            .Append(ml.Transforms.RandomCrop(32, 32, 32), TransformerScope.Training)
            .Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: 4), TransformerScope.Training)
            .Fit(phantoms);
        IDataView prepared = ((IEnumerable<ITransformer>)prepare).Aggregate(phantoms, (data, step) => step.Transform(data));
        EstimatorWorkout.Run(ml, ml.Landmarks.Trainers.H3deNet(new H3deNetOptions { Architecture = TrainingTestKit.MiniArchitecture, Epochs = 1 }), prepared);
    }

    [Fact]
    public void TemplateRegistration_Workout()
    {
        var ml = new MLContext(seed: 5);
        IDataView phantoms = ml.Data.GeneratePhantoms(2, seed: 3, TrainingTestKit.Phantoms(32));
        EstimatorWorkout.Run(ml, ml.Landmarks.Trainers.TemplateRegistration(new TemplateRegistrationOptions { MaxTemplates = 2 }), phantoms);
    }
}
