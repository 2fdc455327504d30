using System.Security.Cryptography;
using System.Text;

namespace OklaMq.AuthService.Infrastructure;

/// <summary>Six-digit email codes, stored only as SHA-256 of the user id and the code.</summary>
public static class VerificationCodes
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public static string New() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");

    public static string Hash(Guid userId, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId:N}:{code}")));

    public static bool Matches(Guid userId, string code, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(userId, code)), Encoding.ASCII.GetBytes(storedHash));
}
