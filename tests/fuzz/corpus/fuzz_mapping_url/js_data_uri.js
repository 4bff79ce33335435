f();
//# debugId=85314830-023f-4cf1-a267-535f4e37bb17
//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozfQ==
