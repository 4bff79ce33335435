var s="//# sourceMappingURL=decoy.map";
//@ sourceMappingURL=vendor.map
main(); //# sourceMappingURL=app.js.map  

