using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OklaMq.AuthService.Infrastructure;

/// <summary>Opaque bearer tokens: 32 random bytes, base64url. Only their SHA-256 is stored.</summary>
public static class AccessTokens
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
}
