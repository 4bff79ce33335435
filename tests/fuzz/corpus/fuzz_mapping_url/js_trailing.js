f();
//# sourceMappingURL=app.js.map
