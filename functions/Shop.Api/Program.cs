using Shop.Api;
using Shop.Api.Endpoints;
using Shop.Lambda.AspNetCore;

var builder = WebApplication.CreateSlimBuilder(args);
builder.UseLambdaServerWhenHosted();
builder.Services.AddShopApi(builder.Configuration);

var app = builder.Build();
app.UseShopApi();
app.MapHealthEndpoints();
app.MapCategoryEndpoints();
app.MapProductEndpoints();
app.MapSearchEndpoints();
app.MapSellerProductEndpoints();
app.MapInventoryEndpoints();
app.MapAuthEndpoints();
app.MapMeEndpoints();
app.MapAdminUserEndpoints();
app.MapCartEndpoints();
app.MapOrderEndpoints();
app.MapPromotionEndpoints();
app.MapNotificationEndpoints();
app.MapCheckoutEndpoints();
app.MapUploadEndpoints();
app.MapApiDocs();
app.Run();
