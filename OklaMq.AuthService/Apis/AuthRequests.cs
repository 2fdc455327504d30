using System.ComponentModel.DataAnnotations;
using OklaMq.AuthService.Model;
using OklaMq.ServiceDefaults.Http;

namespace OklaMq.AuthService.Apis;

/// <summary>A new account; AccountType defaults to Individual.</summary>
public sealed record RegisterRequest(
    [Required, EmailAddress, StringLength(254)] string Email,
    [Required, StringLength(100, MinimumLength = 1)] string FullName,
    [Required, StringLength(128, MinimumLength = 8)] string Password,
    [AllowedValues(AccountTypes.Individual, AccountTypes.Dealer, null)] string? AccountType = null,
    [StringLength(32), RegularExpression("^[A-Za-z0-9_-]+$")] string? ReferralCode = null);

public sealed record VerifyEmailRequest(
    [Required, NotEmptyGuid] Guid? UserId,
    [Required, RegularExpression("^[0-9]{6}$", ErrorMessage = "The code is the 6 digits sent by email.")] string Code);

public sealed record ResendVerificationRequest(
    [Required, NotEmptyGuid] Guid? UserId);

public sealed record LoginRequest(
    [Required, StringLength(254)] string Email,
    [Required, StringLength(128)] string Password);
