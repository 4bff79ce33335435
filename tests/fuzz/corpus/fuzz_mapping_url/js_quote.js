//# sourceMappingURL=a.map
// it's here */
