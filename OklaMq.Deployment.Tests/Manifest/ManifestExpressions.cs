using System.Text;

namespace OklaMq.Deployment.Tests.Manifest;

/// <summary>
/// The manifest's string syntax as azd evaluates it (Azure/azure-dev, cli/azd/pkg/apphost/eval.go):
/// <c>{resource.property…}</c> is an expression, <c>{{</c> and <c>}}</c> are literal braces, and any
/// other brace is an error. A string this refuses is one azd cannot deploy.
/// </summary>
public static class ManifestExpressions
{
    public static string Evaluate(string text, Func<string, string> expression)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '{' when i + 1 < text.Length && text[i + 1] == '{':
                    result.Append('{');
                    i++;
                    break;
                case '{':
                    var end = text.IndexOf('}', i + 1);
                    if (end < 0)
                    {
                        throw new FormatException($"Unclosed '{{' at {i} in: {text}");
                    }
                    result.Append(expression(text[(i + 1)..end]));
                    i = end;
                    break;
                case '}' when i + 1 < text.Length && text[i + 1] == '}':
                    result.Append('}');
                    i++;
                    break;
                case '}':
                    throw new FormatException($"Unexpected '}}' at {i} in: {text}");
                default:
                    result.Append(text[i]);
                    break;
            }
        }
        return result.ToString();
    }

    /// <summary>Every expression in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<string> In(string text)
    {
        var found = new List<string>();
        Evaluate(text, e =>
        {
            found.Add(e);
            return "";
        });
        return found;
    }
}
