using OklaMq.ServiceDefaults.Messaging;

namespace OklaMq.Tests.Specs.Messaging;

/// <summary>Ids derived from what causes them (notifications, a subscription's charges) are RFC 9562 version 5 UUIDs.</summary>
public sealed class Deriving_name_based_ids
{
    private static readonly Guid Dns = new("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    [Fact]
    public void Should_give_the_rfc_9562_test_vector() =>
        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), NameBasedIds.Create(Dns, "www.example.com"));

    [Fact]
    public void Should_derive_long_names_too() =>
        Assert.Equal(NameBasedIds.Create(Dns, new string('x', 1000)), NameBasedIds.Create(Dns, new string('x', 1000)));
}
