using System.ComponentModel.DataAnnotations;

namespace OklaMq.ServiceDefaults.Http;

/// <summary>Rejects <see cref="Guid.Empty"/>, which JSON binds from "00000000-…" without complaint.</summary>
public sealed class NotEmptyGuidAttribute : ValidationAttribute
{
    public NotEmptyGuidAttribute() : base("The {0} field must not be an empty id.") { }

    public override bool IsValid(object? value) => value is not Guid id || id != Guid.Empty;
}
