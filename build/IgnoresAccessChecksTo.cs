// Lets this assembly call the allow-listed ML.NET internals it is compiled against (build/MlNetInternals.targets).
// CoreCLR recognises the attribute by name; the BCL does not ship it, so each assembly declares its own copy.
// Without it the runtime ignores our [LoadableClass] attributes and the calls fail with MethodAccessException.
using System.Runtime.CompilerServices;

[assembly: IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Data")]

namespace System.Runtime.CompilerServices
{
    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
    internal sealed class IgnoresAccessChecksToAttribute : Attribute
    {
        public IgnoresAccessChecksToAttribute(string assemblyName) => AssemblyName = assemblyName;

        public string AssemblyName { get; }
    }
}
