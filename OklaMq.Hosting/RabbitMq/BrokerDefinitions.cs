using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;

namespace OklaMq.Hosting.RabbitMq;

/// <summary>A broker user: its name, its password (an Aspire parameter), its management tags and its permissions.</summary>
public sealed record BrokerUser(string Name, ParameterResource Password, string Tags, BrokerPermissions Permissions)
{
    /// <summary>The broker's administrator: every permission, and the management UI's <c>administrator</c> tag.</summary>
    public static BrokerUser Administrator(string name, ParameterResource password) => new(name, password, "administrator", BrokerPermissions.Everything);
}

/// <summary>
/// The broker's definitions (https://www.rabbitmq.com/docs/definitions): the virtual host, its
/// users and their permissions, loaded by the node at boot (<c>load_definitions</c>), which then
/// creates no default user: no <c>guest</c>, no user that is not listed here. Rendered as JSON
/// with the passwords known (a local process) or as an expression whose passwords a container's
/// environment or a deployment fills in.
/// </summary>
public sealed class BrokerDefinitions(string virtualHost, IReadOnlyList<BrokerUser> users)
{
    // Stands for the password of user n while the JSON is written, then is replaced by its expression.
    private static readonly Regex PasswordMarker = new("@@password-([0-9]+)@@");

    public string VirtualHost { get; } = virtualHost;
    public IReadOnlyList<BrokerUser> Users { get; } = users;

    /// <summary>The definitions with every password resolved (generated or given for this run).</summary>
    public async Task<string> ToJsonAsync(CancellationToken cancellationToken)
    {
        var passwords = new List<string>();
        foreach (var user in Users)
        {
            passwords.Add(await user.Password.GetValueAsync(cancellationToken)
                ?? throw new InvalidOperationException($"Parameter '{user.Password.Name}' has no value."));
        }
        return Write(passwords);
    }

    /// <summary>
    /// The definitions as an expression over the password parameters. A literal brace is written
    /// <c>{{</c> in an expression's format. A published manifest's consumers (azd) read <c>{…}</c>
    /// as an expression and <c>{{</c> as a brace, while Aspire writes a literal brace single, so
    /// <paramref name="escapeBraces"/> escapes the JSON's braces once more for the manifest.
    /// The passwords are inserted as they are: generated ones are letters and digits; a password
    /// given for a container must not contain '"' or '\'.
    /// </summary>
    public ReferenceExpression ToExpression(bool escapeBraces)
    {
        var json = Write(Users.Select((_, i) => $"@@password-{i}@@").ToList());
        var expression = new ReferenceExpressionBuilder();
        // Split keeps the captured user index at the odd positions.
        var parts = PasswordMarker.Split(json);
        for (var i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 0)
            {
                expression.AppendLiteral(escapeBraces ? Escape(Escape(parts[i])) : Escape(parts[i]));
            }
            else
            {
                expression.AppendValueProvider(Users[int.Parse(parts[i])].Password);
            }
        }
        return expression.Build();
    }

    private static string Escape(string literal) => literal.Replace("{", "{{").Replace("}", "}}");

    private string Write(IReadOnlyList<string> passwords)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartArray("vhosts");
            json.WriteStartObject();
            json.WriteString("name", VirtualHost);
            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartArray("users");
            for (var i = 0; i < Users.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("name", Users[i].Name);
                json.WriteString("password", passwords[i]);
                json.WriteString("tags", Users[i].Tags);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("permissions");
            foreach (var user in Users)
            {
                json.WriteStartObject();
                json.WriteString("user", user.Name);
                json.WriteString("vhost", VirtualHost);
                json.WriteString("configure", user.Permissions.Configure);
                json.WriteString("write", user.Permissions.Write);
                json.WriteString("read", user.Permissions.Read);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
